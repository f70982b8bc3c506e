import { type ClerkEvent, newSvixId, signEvent } from "@crosswalk/webhooks/testing";

export interface Delivery {
  svixId: string;
  type: string;
  attempt: number;
  /** HTTP status, or 0 when the endpoint could not be reached. */
  status: number;
  body: unknown;
  /** The answer asked Svix to stop retrying this message (`webhook-delivery: abort-message`). */
  aborted: boolean;
}

/**
 * Svix's wait before each retry, after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. A
 * message whose every attempt fails is last tried 27 h 35 min 5 s after the first.
 */
export const svixRetryScheduleMs = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

export interface SenderControls {
  /** Wait this long before each delivery. */
  delayMs?: number;
  /** Send each event this many extra times with the same svix-id, as Svix does on redelivery. */
  duplicates?: number;
  /** Drop the next N events without sending them. */
  dropNext?: number;
  /**
   * Attempts per event while the endpoint answers anything but 2xx or cannot be reached, as Svix retries:
   * at most 1 + {@link svixRetryScheduleMs}.length, Svix's own count.
   */
  maxAttempts?: number;
  /** Svix's schedule times this: the default plays its 27 h in about a second. */
  timeScale?: number;
}

interface Pending {
  svixId: string;
  event: ClerkEvent;
}

/** Delivers events to one endpoint, signed with the svix package, with switches for unreliable delivery. */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private controls: Required<SenderControls> = {
    delayMs: 0,
    duplicates: 0,
    dropNext: 0,
    maxAttempts: 1 + svixRetryScheduleMs.length,
    timeScale: 1 / 100_000,
  };
  private held: Pending[] | undefined;
  private inFlight = new Set<Promise<void>>();
  private readonly secret: string;
  /** Every endpoint receives every event, as each endpoint of a Clerk instance does. */
  endpoints: string[];

  constructor(secret: string, endpoints: string[] = []) {
    this.secret = secret;
    this.endpoints = endpoints;
  }

  /** The single endpoint most setups have. */
  get url(): string | undefined {
    return this.endpoints[0];
  }

  set url(url: string | undefined) {
    this.endpoints = url ? [url] : [];
  }

  configure(controls: SenderControls): void {
    this.controls = { ...this.controls, ...controls };
  }

  /** Queue events instead of sending them, until {@link release}. */
  hold(): void {
    this.held ??= [];
  }

  /** Sends the held events in the order asked for. */
  release(order: "as-sent" | "reverse" | "shuffle" = "as-sent"): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (order === "reverse") held.reverse();
    if (order === "shuffle") {
      for (let i = held.length - 1; i > 0; i -= 1) {
        const j = Math.floor(Math.random() * (i + 1));
        [held[i], held[j]] = [held[j] as Pending, held[i] as Pending];
      }
    }
    for (const pending of held) this.track(this.deliver(pending));
  }

  send(event: ClerkEvent): void {
    if (this.controls.dropNext > 0) {
      this.controls.dropNext -= 1;
      return;
    }
    const pending = { svixId: newSvixId(), event };
    if (this.held) this.held.push(pending);
    else this.track(this.deliver(pending));
  }

  /** Resolves once every delivery started so far has finished, retries included. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private track(work: Promise<void>) {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(pending: Pending): Promise<void> {
    const copies = 1 + this.controls.duplicates;
    await Promise.all(
      this.endpoints.map(async (endpoint) => {
        for (let copy = 0; copy < copies; copy += 1) await this.attempt(endpoint, pending);
      }),
    );
  }

  private async attempt(endpoint: string, pending: Pending): Promise<void> {
    const attempts = Math.min(this.controls.maxAttempts, 1 + svixRetryScheduleMs.length);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const waitMs =
        attempt === 1
          ? this.controls.delayMs
          : (svixRetryScheduleMs[attempt - 2] as number) * this.controls.timeScale;
      await sleep(waitMs);
      const delivery = await this.post(endpoint, pending, attempt);
      this.deliveries.push(delivery);
      // Svix counts only 2xx as delivered; anything else is retried unless the answer aborts it.
      if ((delivery.status >= 200 && delivery.status < 300) || delivery.aborted) return;
    }
  }

  private async post(endpoint: string, pending: Pending, attempt: number): Promise<Delivery> {
    // Each attempt is signed anew with the same svix-id, as Svix does.
    const signed = signEvent(this.secret, pending.event, { svixId: pending.svixId });
    const base = { svixId: pending.svixId, type: pending.event.type, attempt };
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...signed.headers },
        body: signed.body,
      });
      const text = await response.text();
      const aborted = response.headers.get("webhook-delivery") === "abort-message";
      return { ...base, status: response.status, body: parseJson(text), aborted };
    } catch {
      return { ...base, status: 0, body: null, aborted: false };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
