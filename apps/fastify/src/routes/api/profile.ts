import { getAuth } from "@clerk/fastify";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { FastifyPluginAsync } from "fastify";
import { type Api, send } from "../../api.ts";

export const profile: FastifyPluginAsync<{ api: Api }> = async (fastify, { api }) => {
  fastify.get("/api/profile", async (request, reply) =>
    send(reply, await (await api()).getProfile(getAuth(request))),
  );

  fastify.put("/api/profile", async (request, reply) =>
    send(reply, await (await api()).putProfile(getAuth(request), nodeRequestFacts(request.raw))),
  );
};
