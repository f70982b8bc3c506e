import { type EndpointResult, lazyEndpoints, perCallerCacheControl } from "@crosswalk/endpoints";
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

export function send(reply: FastifyReply, result: EndpointResult): FastifyReply {
  reply.header("cache-control", perCallerCacheControl).code(result.status);
  return result.body === undefined ? reply.send() : reply.send(result.body);
}
