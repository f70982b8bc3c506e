import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest } from "@crosswalk/webhooks";
import { Hono } from "hono";
import type { AppDependencies } from "../../../app.ts";

// #region crosswalk:sync-route
export function clerkWebhook({ env, database }: AppDependencies) {
  // Built on the first delivery, once the database has opened, and kept for the process.
  const syncRouteHandler = lazySyncRouteHandler(async () => ({
    db: (await database()).db,
    signingSecret: env.clerk.webhookSigningSecret,
    previousSigningSecret: env.clerk.previousWebhookSigningSecret,
    queue: env.syncQueue,
  }));
  // c.req.raw is the fetch Request as sent: the signature is checked on its bytes.
  return new Hono().post("/api/webhooks/clerk", async (c) =>
    handleWebhookRequest(await syncRouteHandler(), c.req.raw),
  );
}
// #endregion
