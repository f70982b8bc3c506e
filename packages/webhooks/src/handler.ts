import {
  claimWebhookEvent,
  type Database,
  isStorableText,
  type SyncOutcome,
  setWebhookEventStatus,
  sqlState,
} from "@crosswalk/db";
import { consoleLogger, type Logger } from "@crosswalk/log";
import { Webhook } from "standardwebhooks";
import {
  applySyncChange,
  InvalidEventData,
  issuePath,
  type SyncChange,
  syncChange,
} from "./apply.ts";
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
  | { status: "duplicate" | "stale" | "queued" }
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
  /** Beside the JSON content type and no-store, which every answer has. */
  headers?: Record<string, string>;
}

export interface WebhookHandlerOptions extends VerifierOptions {
  db: Database;
}

export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

/** Where the sync's lines go when the app passes no logger. */
export const webhookConsoleLogger = consoleLogger("clerk-webhooks");

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

/** A Clerk event, validated and ready to apply. */
export interface ParsedEvent {
  type: string;
  /** Absent for an event type the app does not sync. */
  change: SyncChange | undefined;
}

export type ParsedPayload =
  | { ok: true; event: ParsedEvent }
  /**
   * Not a Clerk event this code can apply; `field` is the first offending path (`body` for non-JSON), `type`
   * the event's type when it has a storable one.
   */
  | { ok: false; field: string; type: string | undefined };

function storableType(json: unknown): string | undefined {
  const type = (json as { type?: unknown } | null)?.type;
  return typeof type === "string" && type.length <= 200 && isStorableText(type) ? type : undefined;
}

/** Parses and validates a verified body. */
export function parseEvent(payload: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, field: "body", type: undefined };
  }
  const envelope = eventEnvelope.safeParse(json);
  if (!envelope.success)
    return { ok: false, field: issuePath(envelope.error, "") || "body", type: storableType(json) };
  const { type, data, timestamp } = envelope.data;
  if (!isSyncedEventType(type)) return { ok: true, event: { type, change: undefined } };
  try {
    return { ok: true, event: { type, change: syncChange(type, data, eventTime(timestamp)) } };
  } catch (error) {
    if (error instanceof InvalidEventData) return { ok: false, field: error.field, type };
    throw error;
  }
}

export type Verification =
  | { kind: "event"; svixId: string; event: ParsedEvent }
  /** Refused before it is known to come from Clerk: answered as it is, recorded nowhere. */
  | { kind: "refused"; response: WebhookResponse }
  /** Signed by Clerk but not an event the sync can apply: see {@link recordInvalidEvent}. */
  | { kind: "invalid"; svixId: string; type: string };

export interface VerifierOptions {
  /** The endpoint's `whsec_…` secret. Absent: every delivery gets 500 `webhook_secret_missing`. */
  signingSecret: string | undefined;
  /**
   * The secret a rotation is replacing, accepted beside the current one until the operator removes it: Svix
   * signs with both side by side during a rotation, and a delivery retried from before it carries only the old.
   */
  previousSigningSecret?: string | undefined;
  log?: Logger | undefined;
}

/**
 * Everything the sync route checks before it touches the database: the secret is configured, the body
 * is at most 1 MiB, the Svix signature holds, and the body is a Clerk event.
 */
export function createDeliveryVerifier(
  options: VerifierOptions,
): (request: WebhookRequest) => Verification {
  const log = options.log ?? webhookConsoleLogger;
  // Constructed once so a malformed secret stops start-up instead of failing each delivery.
  const verifiers = options.signingSecret
    ? [options.signingSecret, options.previousSigningSecret]
        .filter((secret): secret is string => secret !== undefined)
        .map((secret) => new Webhook(secret))
    : [];
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  return ({ body, headers }) => {
    if (verifiers.length === 0) {
      log.error({}, "CLERK_WEBHOOK_SIGNING_SECRET is not configured; refusing the delivery");
      return { kind: "refused", response: fail(500, "webhook_secret_missing") };
    }
    const bytes = typeof body === "string" ? encoder.encode(body) : body;
    if (bytes.byteLength > maxWebhookBodyBytes)
      return { kind: "refused", response: fail(413, "payload_too_large") };

    const svixId = readHeader(headers, "svix-id");
    const svixTimestamp = readHeader(headers, "svix-timestamp");
    const svixSignature = readHeader(headers, "svix-signature");
    if (!svixId || !svixTimestamp || !svixSignature)
      return { kind: "refused", response: fail(400, "invalid_signature") };
    const payload = decoder.decode(bytes);
    const signedBySome = verifiers.some((verifier) => {
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
        return true;
      } catch {
        return false;
      }
    });
    // Svix retries it: a secret rotated on one side only is fixed by configuration, and then it applies.
    if (!signedBySome) return { kind: "refused", response: fail(400, "invalid_signature") };
    const parsed = parseEvent(payload);
    if (!parsed.ok) {
      log.warn(
        { svixId, field: parsed.field },
        "a signed event is not one the sync can apply or store; recorded as invalid",
      );
      return { kind: "invalid", svixId, type: parsed.type ?? "unknown" };
    }
    return { kind: "event", svixId, event: parsed.event };
  };
}

/**
 * Svix's documented answer header that ends the retries of the message just delivered; without it Svix
 * tries a message answered anything but 2xx eight times in all, the last about 27 hours after the first.
 */
export const abortRetriesHeaders = { "webhook-delivery": "abort-message" };

/**
 * A signed event the sync cannot apply carries the same bytes on every retry: it is recorded as `invalid`
 * under its svix-id and answered 400 with {@link abortRetriesHeaders}. Until it is recorded (the database is
 * away) it answers 500 without them, so Svix delivers it again.
 */
export async function recordInvalidEvent(
  db: Database,
  invalid: { svixId: string; type: string },
  log: Logger = webhookConsoleLogger,
): Promise<WebhookResponse> {
  try {
    await claimWebhookEvent(db, invalid.svixId, invalid.type, "invalid");
  } catch (error) {
    log.error(
      { svixId: invalid.svixId, sqlState: sqlState(error) },
      "recording an invalid webhook failed; Svix retries it",
    );
    return fail(500, "processing_failed");
  }
  return { ...fail(400, "invalid_payload"), headers: abortRetriesHeaders };
}

/**
 * Applies one event in one transaction together with its webhook_events row; a svix-id already recorded
 * is a duplicate, also under concurrent delivery. A database failure commits nothing.
 */
export async function applyEvent(
  db: Database,
  svixId: string,
  event: ParsedEvent,
  log: Logger = webhookConsoleLogger,
): Promise<WebhookResponse> {
  let status: SyncOutcome | "ignored" | "duplicate";
  try {
    status = await db.transaction(async (tx) => {
      if (!(await claimWebhookEvent(tx, svixId, event.type))) return "duplicate";
      const outcome = event.change ? await applySyncChange(tx, event.change) : "ignored";
      if (outcome !== "processed") await setWebhookEventStatus(tx, svixId, outcome);
      return outcome;
    });
  } catch (error) {
    log.error(
      { svixId, type: event.type, sqlState: sqlState(error) },
      "applying a webhook failed; nothing was committed, so it will be retried",
    );
    return fail(500, "processing_failed");
  }
  switch (status) {
    case "processed":
    case "ignored":
      return { status: 200, body: { status, type: event.type } };
    default:
      return { status: 200, body: { status } };
  }
}

export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const verify = createDeliveryVerifier(options);
  return async (request) => {
    const verification = verify(request);
    switch (verification.kind) {
      case "refused":
        return verification.response;
      case "invalid":
        return recordInvalidEvent(options.db, verification, options.log);
      case "event":
        return applyEvent(options.db, verification.svixId, verification.event, options.log);
    }
  };
}
