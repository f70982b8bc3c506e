import type { EndpointResult } from "./types.ts";

export const ok = (body: unknown, status = 200): EndpointResult => ({ status, body });
export const fail = (
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
): EndpointResult => ({
  status,
  body: { error, ...extra },
});
export const unauthenticated = () => fail(401, "unauthenticated");
export const upstreamUnavailable = () => fail(502, "upstream_unavailable");

/** The HTTP status of a Backend API error (ClerkAPIResponseError), or undefined for a network failure. */
export function upstreamStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export function parseJsonBody(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}
