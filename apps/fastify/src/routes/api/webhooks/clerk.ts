import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { answerNodeWebhookRequest } from "@crosswalk/webhooks";
import type { FastifyError, FastifyPluginAsync } from "fastify";
import type { AppDependencies } from "../../../app.ts";
import { leaveBodiesUnread } from "../../../bodies.ts";
import { errorResult } from "../../../errors.ts";

// #region crosswalk:sync-route
export const clerkWebhook: FastifyPluginAsync<AppDependencies> = async (
  fastify,
  { env, database },
) => {
  // Built on the first delivery, once the database has opened, and kept for the process.
  const syncRouteHandler = lazySyncRouteHandler(async () => ({
    db: (await database()).db,
    signingSecret: env.clerk.webhookSigningSecret,
    previousSigningSecret: env.clerk.previousWebhookSigningSecret,
    queue: env.syncQueue,
    log: fastify.log,
  }));

  // The route reads the body itself, as bytes, up to 1 MiB: the signature covers the bytes as sent, which a
  // JSON parser would lose.
  leaveBodiesUnread(fastify);

  // Never stored: an answer is about one delivery, a refusal too.
  fastify.setErrorHandler<FastifyError>((error, request, reply) => {
    const result = errorResult(error, request);
    return reply.header("cache-control", "no-store").code(result.status).send(result.body);
  });

  fastify.post("/api/webhooks/clerk", async (request, reply) =>
    reply.send(await answerNodeWebhookRequest(await syncRouteHandler(), request.raw)),
  );
};
// #endregion
