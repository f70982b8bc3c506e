import { randomUUID } from "node:crypto";
import { Webhook } from "svix";

export type SvixHeaders = {
  "svix-id": string;
  "svix-timestamp": string;
  "svix-signature": string;
};

export interface SignedDelivery {
  body: string;
  headers: SvixHeaders;
}

export function newSvixId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

/** Signs a body exactly as Svix does for Clerk, with the svix package's own signer. */
export function signPayload(
  secret: string,
  payload: string,
  options: { svixId?: string; timestamp?: Date } = {},
): SignedDelivery {
  return signWithEach([secret], payload, options);
}

/**
 * Signs with several secrets side by side, as Svix does while an endpoint's secret is being rotated:
 * `svix-signature: v1,<old> v1,<new>`.
 */
export function signWithEach(
  secrets: string[],
  payload: string,
  options: { svixId?: string; timestamp?: Date } = {},
): SignedDelivery {
  const svixId = options.svixId ?? newSvixId();
  const timestamp = options.timestamp ?? new Date();
  return {
    body: payload,
    headers: {
      "svix-id": svixId,
      "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "svix-signature": secrets
        .map((secret) => new Webhook(secret).sign(svixId, timestamp, payload))
        .join(" "),
    },
  };
}

export function signEvent(
  secret: string,
  event: unknown,
  options: { svixId?: string; timestamp?: Date } = {},
): SignedDelivery {
  return signPayload(secret, JSON.stringify(event), options);
}

/** A fresh `whsec_…` secret, as the Clerk Dashboard shows it. */
export function newSigningSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`;
}
