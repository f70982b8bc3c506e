import { type EndpointResult, lazyEndpoints, perCallerCacheControl } from "@crosswalk/endpoints";
import type { Response } from "express";
import { clerkClient } from "./clerk.ts";
import { database } from "./db.ts";
import { env } from "./env.ts";

/** The contract's endpoints, with the Backend API reached through @clerk/express' clerkClient. */
export const api = lazyEndpoints(async () => {
  const handle = await database();
  return {
    framework: "express",
    db: handle.db,
    databaseKind: handle.kind,
    users: clerkClient.users,
    authorizedParties: env.clerk.authorizedParties,
  };
});

export function reply(res: Response, result: EndpointResult): void {
  res.set("cache-control", perCallerCacheControl);
  if (result.body === undefined) res.status(result.status).end();
  else res.status(result.status).json(result.body);
}
