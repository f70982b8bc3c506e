import { clerkClient } from "@clerk/nextjs/server";
import { createEndpoints, type Endpoints, jsonErrors } from "@crosswalk/endpoints";
import { database } from "./db";
import { env } from "./env";

let endpoints: Promise<Endpoints> | undefined;

/** The contract's endpoints, with the Backend API reached through @clerk/nextjs' clerkClient(). */
export function api(): Promise<Endpoints> {
  endpoints ??= database().then((handle) =>
    createEndpoints({
      framework: "nextjs",
      db: handle.db,
      databaseKind: handle.kind,
      authorizedParties: env().clerk.authorizedParties,
      // #region crosswalk:backend-getuser
      users: {
        getUser: async (userId) => (await clerkClient()).users.getUser(userId),
        updateUserMetadata: async (userId, params) =>
          (await clerkClient()).users.updateUserMetadata(userId, params),
      },
      // #endregion
    }),
  );
  return endpoints;
}

/** A route handler that answers the contract's 500 JSON for whatever throws (Next would send an empty 500). */
export const apiRoute = <A extends unknown[]>(handler: (...args: A) => Promise<Response>) =>
  jsonErrors("nextjs", handler);
