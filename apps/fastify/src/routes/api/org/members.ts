import { getAuth } from "@clerk/fastify";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { FastifyPluginAsync } from "fastify";
import { type Api, send } from "../../../api.ts";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const members: FastifyPluginAsync<{ api: Api }> = async (fastify, { api }) => {
  fastify.get("/api/org/members", async (request, reply) =>
    send(reply, await (await api()).listMembers(getAuth(request), nodeRequestFacts(request.raw))),
  );
};
// #endregion
