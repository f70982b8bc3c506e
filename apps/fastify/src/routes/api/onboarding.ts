import { getAuth } from "@clerk/fastify";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { FastifyPluginAsync } from "fastify";
import { type Api, send } from "../../api.ts";

export const onboarding: FastifyPluginAsync<{ api: Api }> = async (fastify, { api }) => {
  fastify.post("/api/onboarding/complete", async (request, reply) =>
    send(
      reply,
      await (await api()).completeOnboarding(getAuth(request), nodeRequestFacts(request.raw)),
    ),
  );
};
