import type { WebhookResponseBody } from "@crosswalk/webhooks";
import {
  events,
  type SignedDelivery,
  signEvent,
  type UserState,
} from "@crosswalk/webhooks/testing";

/**
 * `count` signed deliveries that each apply: the first half create users, the second half update them
 * with a newer timestamp, in Clerk's order. A user's two deliveries are half the run apart, far more than
 * the few in flight at once, so concurrent senders never race them into a stale answer.
 */
export function userEvents(secret: string, run: string, count: number): SignedDelivery[] {
  const userCount = Math.ceil(count / 2);
  return Array.from({ length: count }, (_, index) => {
    const user: UserState = {
      id: `user_bench${run}n${index % userCount}`,
      email: `bench${index % userCount}@example.com`,
      firstName: "Bench",
      lastName: String(index),
      username: null,
      imageUrl: null,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000 + index,
    };
    return signEvent(
      secret,
      index < userCount ? events.userCreated(user) : events.userUpdated(user),
    );
  });
}

/** A benchmark that counts refused or skipped events would measure the wrong thing: stop instead. */
export function expectProcessed(status: number, body: unknown) {
  const outcome = body as WebhookResponseBody;
  if (status !== 200 || !("status" in outcome) || outcome.status !== "processed")
    throw new Error(`a delivery was not processed: ${status} ${JSON.stringify(body)}`);
}
