import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";

export interface SignedHeaders {
  id: string;
  /** Unix seconds, as Svix sends it. */
  timestamp: string;
  /** Svix's space-separated list of `v1,<base64>` signatures. */
  signature: string;
}

/**
 * Whether the signature was made with the endpoint's secret over this id, timestamp and payload. Unlike a
 * delivery's check, the age does not matter: a queued event may wait days for its database.
 */
export function isSignedBy(secret: string, headers: SignedHeaders, payload: string): boolean {
  const seconds = Number(headers.timestamp);
  if (!Number.isSafeInteger(seconds)) return false;
  const expected = Buffer.from(
    new Webhook(secret).sign(headers.id, new Date(seconds * 1000), payload).split(",")[1] ?? "",
  );
  return headers.signature.split(" ").some((versioned) => {
    const [version, signature = ""] = versioned.split(",");
    const candidate = Buffer.from(signature);
    return (
      version === "v1" &&
      candidate.byteLength === expected.byteLength &&
      timingSafeEqual(candidate, expected)
    );
  });
}
