import { getAuth } from "@clerk/fastify";
import type { FastifyPluginAsync } from "fastify";
import { type Api, send } from "../../api.ts";

// #region crosswalk:reading-auth
// getAuth(request) reads what clerkPlugin verified in this scope; api.me checks it is signed in before
// calling clerkClient.users.getUser.
export const me: FastifyPluginAsync<{ api: Api }> = async (fastify, { api }) => {
  fastify.get("/api/me", async (request, reply) =>
    send(reply, await (await api()).me(getAuth(request))),
  );
};
// #endregion
