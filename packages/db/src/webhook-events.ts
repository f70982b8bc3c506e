import { eq, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { type WebhookEventStatus, webhookEvents } from "./schema.ts";

/**
 * Records a delivery by its svix-id. Returns false when that id is already recorded (but as invalid); under concurrent
 * delivery the insert waits for the other transaction and then reports the duplicate instead of failing.
 */
export async function claimWebhookEvent(
  db: Database,
  svixId: string,
  type: string,
  status: WebhookEventStatus = "processed",
): Promise<boolean> {
  const rows = await db
    .insert(webhookEvents)
    .values({ svixId, type, status })
    // An event recorded invalid is claimed again: once a fix deployed makes it applicable, Svix's resend of
    // that message (the same svix-id) applies instead of answering duplicate.
    .onConflictDoUpdate({
      target: webhookEvents.svixId,
      set: { type: sql`excluded.type`, status: sql`excluded.status` },
      setWhere: eq(webhookEvents.status, "invalid"),
    })
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

/**
 * Deletes the svix-ids recorded before `before`, `batchSize` rows a statement so no statement holds the
 * table long; returns how many went. A redelivery of a pruned event is harmless: Svix stops retrying after
 * about a day and a half, and a replayed old event is stale by its updated_at or meets a final tombstone.
 */
export async function pruneWebhookEvents(
  db: Database,
  before: Date,
  batchSize = 10_000,
): Promise<number> {
  let pruned = 0;
  for (;;) {
    const batch = db
      .select({ svixId: webhookEvents.svixId })
      .from(webhookEvents)
      .where(lt(webhookEvents.receivedAt, before))
      .limit(batchSize);
    const deleted = await db
      .delete(webhookEvents)
      .where(inArray(webhookEvents.svixId, batch))
      .returning({ svixId: webhookEvents.svixId });
    pruned += deleted.length;
    if (deleted.length < batchSize) return pruned;
  }
}
