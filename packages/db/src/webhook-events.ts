import { eq } from "drizzle-orm";
import type { Database } from "./client.ts";
import { type WebhookEventStatus, webhookEvents } from "./schema.ts";

/**
 * Records a delivery by its svix-id. Returns false when that id is already recorded; under concurrent
 * delivery the insert waits for the other transaction and then reports the duplicate instead of failing.
 */
export async function claimWebhookEvent(
  db: Database,
  svixId: string,
  type: string,
): Promise<boolean> {
  const rows = await db
    .insert(webhookEvents)
    .values({ svixId, type, status: "processed" })
    .onConflictDoNothing({ target: webhookEvents.svixId })
    .returning({ svixId: webhookEvents.svixId });
  return rows.length > 0;
}

export async function setWebhookEventStatus(
  db: Database,
  svixId: string,
  status: WebhookEventStatus,
): Promise<void> {
  await db.update(webhookEvents).set({ status }).where(eq(webhookEvents.svixId, svixId));
}
