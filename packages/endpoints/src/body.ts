import type { IncomingMessage } from "node:http";
import { type LimitedBody, readLimitedBody, readLimitedNodeBody } from "@crosswalk/body-limit";
import { fail } from "./responses.ts";
import type { EndpointResult } from "./types.ts";

/** JSON request bodies (profile, tasks) are small; anything larger is refused before it is parsed. */
export const maxJsonBodyBytes = 64 * 1024;

/** The 413 for a body past its limit; the connection closes once the rest of it is drained. */
export const payloadTooLarge = (drained: Promise<void>): EndpointResult => ({
  status: 413,
  body: { error: "payload_too_large" },
  closeAfter: drained,
});

/** A body the server cannot read at all: aborted, in a charset other than UTF-8, or not valid UTF-8. */
export const badRequest: EndpointResult = fail(400, "bad_request");

/** The text of a JSON endpoint's body, or the contract's refusal of it. */
export type JsonBody = { ok: true; text: string } | { ok: false; refusal: EndpointResult };

/** The `charset` parameter of a Content-Type, unquoted; undefined when there is none. */
function charsetOf(contentType: string | null | undefined): string | undefined {
  for (const parameter of (contentType ?? "").split(";").slice(1)) {
    const [name, value = ""] = parameter.split("=", 2).map((part) => part.trim());
    if (name?.toLowerCase() === "charset") return value.replace(/^"(.*)"$/, "$1");
  }
  return undefined;
}

/**
 * Decodes a body read with at most {@link maxJsonBodyBytes}. JSON is UTF-8 (RFC 8259), so a charset is
 * honoured when it names UTF-8 by any of its labels and refused otherwise, as are bytes that are not UTF-8:
 * decoding them into replacement characters would store text nobody sent.
 */
export function decodeJsonBody(
  body: LimitedBody,
  contentType: string | null | undefined,
): JsonBody {
  if (!body.ok) return { ok: false, refusal: payloadTooLarge(body.drained) };
  try {
    // An unknown label throws here, invalid bytes below.
    const decoder = new TextDecoder(charsetOf(contentType) ?? "utf-8", { fatal: true });
    if (decoder.encoding !== "utf-8") return { ok: false, refusal: badRequest };
    return { ok: true, text: decoder.decode(body.bytes) };
  } catch {
    return { ok: false, refusal: badRequest };
  }
}

/** Reads with `read`, then decodes; a client that went away mid-body is a body the server cannot read. */
async function readAndDecode(
  read: () => Promise<LimitedBody>,
  contentType: string | null | undefined,
): Promise<JsonBody> {
  let body: LimitedBody;
  try {
    body = await read();
  } catch {
    return { ok: false, refusal: badRequest };
  }
  return decodeJsonBody(body, contentType);
}

/** A JSON endpoint's body from a fetch `Request` (Next.js, Remix, TanStack Start, React Router, Hono, Astro, Nuxt). */
export const readJsonBody = (request: Request): Promise<JsonBody> =>
  readAndDecode(
    () => readLimitedBody(request, maxJsonBodyBytes),
    request.headers.get("content-type"),
  );

/** The same from a Node request (Express), which no body parser has read. */
export const readNodeJsonBody = (request: IncomingMessage): Promise<JsonBody> =>
  readAndDecode(
    () => readLimitedNodeBody(request, maxJsonBodyBytes),
    request.headers["content-type"],
  );
