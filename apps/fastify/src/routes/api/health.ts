import { healthOf } from "@crosswalk/endpoints";
import type { FastifyPluginAsync } from "fastify";
import { type Api, send } from "../../api.ts";

export const health: FastifyPluginAsync<{ api: Api }> = async (fastify, { api }) => {
  fastify.get("/api/health", async (_request, reply) => send(reply, await healthOf(api)));
};
