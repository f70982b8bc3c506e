import { notFound, toResponse } from "@crosswalk/endpoints";
import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest } from "@crosswalk/webhooks";
import { apiRoute } from "../../../../server/api";
import { database } from "../../../../server/db";
import { env } from "../../../../server/env";

// #region crosswalk:sync-route
// Built on the first delivery and kept for the process: a dev server's reload of this module gets the same
// handler (and Redis connection) back.
const syncRouteHandler = lazySyncRouteHandler(async () => ({
  db: (await database()).db,
  signingSecret: env().clerk.webhookSigningSecret,
  previousSigningSecret: env().clerk.previousWebhookSigningSecret,
  queue: env().syncQueue,
}));

// The route handler gets the raw Request, so the signature is checked on the bytes as sent.
export const POST = apiRoute(async (request: Request) =>
  handleWebhookRequest(await syncRouteHandler(), request),
);
// #endregion

// The proxy, which answers unlisted methods elsewhere, does not run here.
const notFoundHere = () => toResponse(notFound);

export {
  notFoundHere as DELETE,
  notFoundHere as GET,
  notFoundHere as OPTIONS,
  notFoundHere as PATCH,
  notFoundHere as PUT,
};
