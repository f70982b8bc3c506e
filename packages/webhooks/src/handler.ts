import {
  claimWebhookEvent,
  type Database,
  type SyncOutcome,
  setWebhookEventStatus,
  sqlState,
} from "@crosswalk/db";
import { Webhook } from "standardwebhooks";
import { InvalidEventData, prepareSyncedEvent } from "./apply.ts";
import { eventEnvelope, isSyncedEventType } from "./events.ts";

/** Clerk's events are a few KiB; anything past this is refused before it is verified or parsed. */
export const maxWebhookBodyBytes = 1024 * 1024;

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export interface WebhookRequest {
  /** The body exactly as received: the signature covers these bytes, not a re-serialised object. */
  body: Uint8Array | string;
  headers: HeaderSource;
}

export type WebhookResponseBody =
  | { status: "processed" | "ignored"; type: string }
  | { status: "duplicate" | "stale" }
  | { error: WebhookErrorCode };

export type WebhookErrorCode =
  | "webhook_secret_missing"
  | "payload_too_large"
  | "invalid_signature"
  | "invalid_payload"
  | "processing_failed";

export interface WebhookResponse {
  status: number;
  body: WebhookResponseBody;
}

/** Receives only ids, event types and SQLSTATEs: never a secret, a body or personal data. */
export type WebhookLogger = (
  level: "warn" | "error",
  message: string,
  context?: Record<string, string | undefined>,
) => void;

export interface WebhookHandlerOptions {
  db: Database;
  /** The endpoint's `whsec_…` secret. Absent: every delivery gets 500 `webhook_secret_missing`. */
  signingSecret: string | undefined;
  log?: WebhookLogger;
}

export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

const defaultLogger: WebhookLogger = (level, message, context) =>
  console[level](`[clerk-webhooks] ${message}`, context ?? {});

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function eventTime(timestamp: number | undefined): Date {
  if (timestamp === undefined) return new Date();
  // Clerk's examples carry seconds, its deliveries milliseconds; both are accepted.
  return new Date(timestamp < 1e12 ? timestamp * 1000 : timestamp);
}

function fail(status: number, error: WebhookErrorCode): WebhookResponse {
  return { status, body: { error } };
}

export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const log = options.log ?? defaultLogger;
  // Constructed once so a malformed secret stops start-up instead of failing each delivery.
  const verifier = options.signingSecret ? new Webhook(options.signingSecret) : undefined;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  return async ({ body, headers }) => {
    if (!verifier) {
      log("error", "CLERK_WEBHOOK_SIGNING_SECRET is not configured; refusing the delivery");
      return fail(500, "webhook_secret_missing");
    }
    const bytes = typeof body === "string" ? encoder.encode(body) : body;
    if (bytes.byteLength > maxWebhookBodyBytes) return fail(413, "payload_too_large");

    const svixId = readHeader(headers, "svix-id");
    const svixTimestamp = readHeader(headers, "svix-timestamp");
    const svixSignature = readHeader(headers, "svix-signature");
    if (!svixId || !svixTimestamp || !svixSignature) return fail(400, "invalid_signature");
    const payload = decoder.decode(bytes);
    try {
      verifier.verify(
        payload,
        {
          "webhook-id": svixId,
          "webhook-timestamp": svixTimestamp,
          "webhook-signature": svixSignature,
        },
        { jsonParse: false },
      );
    } catch {
      return fail(400, "invalid_signature");
    }

    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return fail(400, "invalid_payload");
    }
    const envelope = eventEnvelope.safeParse(json);
    if (!envelope.success) return fail(400, "invalid_payload");
    const { type, data, timestamp } = envelope.data;

    let apply: ((db: Database) => Promise<SyncOutcome>) | undefined;
    if (isSyncedEventType(type)) {
      try {
        apply = prepareSyncedEvent(type, data, eventTime(timestamp));
      } catch (error) {
        if (error instanceof InvalidEventData) return fail(400, "invalid_payload");
        throw error;
      }
    }

    let status: SyncOutcome | "ignored" | "duplicate";
    try {
      status = await options.db.transaction(async (tx) => {
        if (!(await claimWebhookEvent(tx, svixId, type))) return "duplicate";
        const outcome = apply ? await apply(tx) : "ignored";
        if (outcome !== "processed") await setWebhookEventStatus(tx, svixId, outcome);
        return outcome;
      });
    } catch (error) {
      log("error", "applying a webhook failed; nothing was committed, so Svix will retry", {
        svixId,
        type,
        sqlState: sqlState(error),
      });
      return fail(500, "processing_failed");
    }

    switch (status) {
      case "processed":
      case "ignored":
        return { status: 200, body: { status, type } };
      default:
        return { status: 200, body: { status } };
    }
  };
}
