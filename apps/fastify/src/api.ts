import { type EndpointResult, lazyEndpoints, toResponse } from "@crosswalk/endpoints";
import type { FastifyReply } from "fastify";
import type { AppDependencies } from "./app.ts";

/** The contract's endpoints, with the Backend API reached through @clerk/fastify's client. */
export const createApi = ({ env, database, clerkClient }: AppDependencies) =>
  lazyEndpoints(async () => {
    const handle = await database();
    return {
      framework: "fastify",
      db: handle.db,
      databaseKind: handle.kind,
      users: clerkClient.users,
      authorizedParties: env.clerk.authorizedParties,
    };
  });

export type Api = ReturnType<typeof createApi>;

/** An endpoint's answer, sent as the fetch Response the shared code builds (Fastify sends one as it is). */
export const send = (reply: FastifyReply, result: EndpointResult): FastifyReply =>
  reply.send(toResponse(result));
