import { jsonErrors, lazyEndpoints, notFound, toResponse } from "@crosswalk/endpoints";
import { clerkClient } from "./clerk.server";
import { database } from "./db.server";
import { env } from "./env.server";

/** The contract's endpoints, with the Backend API reached through @clerk/remix's clerk client. */
export const api = lazyEndpoints(async () => {
  const handle = await database();
  return {
    framework: "remix",
    db: handle.db,
    databaseKind: handle.kind,
    authorizedParties: env().clerk.authorizedParties,
    users: clerkClient().users,
  };
});

/** For the loader or action a resource route does not serve: Remix would answer 405 with its own body. */
export const notFoundHere = () => toResponse(notFound);

/** A loader or action that answers the contract's 500 JSON for whatever throws (Remix would send text). */
export const apiRoute = <A extends unknown[]>(handler: (...args: A) => Promise<Response>) =>
  jsonErrors("remix", handler);
