import { getAuth } from "@clerk/fastify";
import type { FastifyPluginAsync } from "fastify";
import { type Api, send } from "../../api.ts";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const claims: FastifyPluginAsync<{ api: Api }> = async (fastify, { api }) => {
  fastify.get("/api/claims", async (request, reply) =>
    send(reply, (await api()).claims(getAuth(request))),
  );
};
// #endregion
