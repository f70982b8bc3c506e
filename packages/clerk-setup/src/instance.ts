import { type ClerkClient, createClerkClient } from "@clerk/backend";
import { realSleep, withRetries } from "@crosswalk/reconcile/retries";
import type { ClerkInstanceEnv } from "@crosswalk/server-env";
import { fail, type Line, ok } from "./report.ts";

export type Environment = "development" | "production";

export interface Instance {
  env: ClerkInstanceEnv;
  environment: Environment;
  /**
   * A Backend API call, a 429 waited out and a 5xx retried as `pnpm reconcile` does; a create (`creates`)
   * is not repeated after a 5xx, which may have come after it happened.
   */
  call<T>(request: (clerk: ClerkClient) => Promise<T>, options?: { creates: boolean }): Promise<T>;
}

interface ClerkApiError {
  status?: number;
  errors?: { code?: string; message?: string }[];
}

/** Clerk's own words for a failed call (status and error code); they never carry the key. */
export function describeError(error: unknown): string {
  const { status, errors } = (error ?? {}) as ClerkApiError;
  const first = errors?.[0];
  // A network failure has no status; its cause is the first error's message ("fetch failed").
  if (typeof status !== "number")
    return first?.message || (error instanceof Error ? error.message : String(error));
  return `${status}${first?.code ? ` ${first.code}` : ""}${first?.message ? `: ${first.message}` : ""}`;
}

const statusOf = (error: unknown) => ((error ?? {}) as ClerkApiError).status;

export function connect(env: ClerkInstanceEnv, onWait: (seconds: number) => void): Instance {
  const clerk = createClerkClient({
    secretKey: env.secretKey,
    ...(env.apiUrl ? { apiUrl: env.apiUrl } : {}),
  });
  const sleep = (ms: number) => {
    onWait(ms / 1000);
    return realSleep(ms);
  };
  return {
    env,
    environment: env.secretKey.startsWith("sk_live_") ? "production" : "development",
    call: (request, options) =>
      withRetries(() => request(clerk), sleep, !(options?.creates ?? false)),
  };
}

/** The Frontend API host a publishable key names: `pk_<kind>_` and the base64 of `<host>$`. */
export function frontendApiHost(publishableKey: string): string {
  const encoded = publishableKey.replace(/^pk_(test|live)_/, "");
  return Buffer.from(encoded, "base64").toString("utf8").replace(/\$$/, "");
}

export interface KeysReport {
  lines: Line[];
  /** False when the secret key was refused: nothing else can be checked. */
  usable: boolean;
  /** The instance's domain names, for the authorized-parties check. */
  domains: string[];
}

/** Both keys of one instance, and the secret key accepted by the Backend API. */
export async function checkKeys(instance: Instance): Promise<KeysReport> {
  const { env } = instance;
  const lines: Line[] = [];
  const publishable: Environment = env.publishableKey.startsWith("pk_live_")
    ? "production"
    : "development";
  if (publishable !== instance.environment)
    lines.push(
      fail(
        `CLERK_PUBLISHABLE_KEY is a ${publishable} key and CLERK_SECRET_KEY a ${instance.environment} one`,
        ["Copy both from the same instance: Clerk Dashboard → Configure → API keys."],
      ),
    );
  let domains: { name: string; frontendApiUrl: string }[];
  try {
    domains = (await instance.call((clerk) => clerk.domains.list())).data;
  } catch (error) {
    const status = statusOf(error);
    lines.push(
      status === 401 || status === 403
        ? fail(`CLERK_SECRET_KEY was refused by the Backend API (${describeError(error)})`, [
            "Copy the secret key from Clerk Dashboard → Configure → API keys; nothing else can be checked without it.",
          ])
        : fail(`the Backend API could not be reached (${describeError(error)})`, [
            env.apiUrl
              ? "Check CLERK_API_URL, or leave it unset for https://api.clerk.com."
              : "Check this machine's connection to https://api.clerk.com.",
          ]),
    );
    return { lines, usable: false, domains: [] };
  }
  const host = frontendApiHost(env.publishableKey);
  const hosts = domains.map((domain) => URL.parse(domain.frontendApiUrl)?.host ?? "");
  lines.push(
    hosts.includes(host)
      ? ok(
          `CLERK_SECRET_KEY is accepted; both keys belong to one ${instance.environment} instance (${host})`,
        )
      : fail(`CLERK_PUBLISHABLE_KEY belongs to another instance than CLERK_SECRET_KEY`, [
          `The publishable key's Frontend API is ${host}; the secret key's instance serves ${hosts.join(", ")}.`,
          "Copy both from the same instance: Clerk Dashboard → Configure → API keys.",
        ]),
  );
  return { lines, usable: true, domains: domains.map((domain) => domain.name) };
}

/** Every page of a Backend API listing. */
export async function listAll<T>(
  instance: Instance,
  page: (clerk: ClerkClient, offset: number) => Promise<{ data: T[]; totalCount: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const { data, totalCount } = await instance.call((clerk) => page(clerk, all.length));
    all.push(...data);
    if (data.length === 0 || all.length >= totalCount) return all;
  }
}

export interface RolesAndPermissions {
  permissions: { id: string; key: string }[];
  roles: { id: string; key: string; permissions: { key: string }[] }[];
}

export async function rolesAndPermissions(instance: Instance): Promise<RolesAndPermissions> {
  return {
    permissions: await listAll(instance, (clerk, offset) =>
      clerk.organizationPermissions.getOrganizationPermissionList({ limit: 100, offset }),
    ),
    roles: await listAll(instance, (clerk, offset) =>
      clerk.organizationRoles.getOrganizationRoleList({ limit: 100, offset }),
    ),
  };
}
