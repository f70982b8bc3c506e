import { type EndpointResult, lazyEndpoints, writeNodeResult } from "@crosswalk/endpoints";
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

export const reply = (res: Response, result: EndpointResult): void => writeNodeResult(res, result);
