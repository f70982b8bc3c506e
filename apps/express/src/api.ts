import { type EndpointResult, lazyEndpoints, perCallerCacheControl } from "@crosswalk/endpoints";
import type { Response } from "express";
import type { AppDependencies } from "./app.ts";

/** The contract's endpoints, with the Backend API reached through @clerk/express' client. */
export const createApi = ({ env, database, clerkClient }: AppDependencies) =>
  lazyEndpoints(async () => {
    const handle = await database();
    return {
      framework: "express",
      db: handle.db,
      databaseKind: handle.kind,
      users: clerkClient.users,
      authorizedParties: env.clerk.authorizedParties,
    };
  });

export type Api = ReturnType<typeof createApi>;

export function reply(res: Response, result: EndpointResult): void {
  res.set("cache-control", perCallerCacheControl);
  if (result.body === undefined) res.status(result.status).end();
  else res.status(result.status).json(result.body);
}
