import "server-only";
import { clerkClient } from "@clerk/nextjs/server";
import { jsonErrors, lazyEndpoints, loadPageData } from "@crosswalk/endpoints";
import { unstable_rethrow } from "next/navigation";
import { database } from "./db";
import { env } from "./env";

/** The contract's endpoints, with the Backend API reached through @clerk/nextjs' clerkClient(). */
export const api = lazyEndpoints(async () => {
  const handle = await database();
  return {
    framework: "nextjs",
    db: handle.db,
    databaseKind: handle.kind,
    authorizedParties: env().clerk.authorizedParties,
    // #region crosswalk:backend-getuser
    users: {
      getUser: async (userId) => (await clerkClient()).users.getUser(userId),
      getUserList: async (params) => (await clerkClient()).users.getUserList(params),
      updateUserMetadata: async (userId, params) =>
        (await clerkClient()).users.updateUserMetadata(userId, params),
    },
    // #endregion
  };
});

/** A route handler that answers the contract's 500 JSON for whatever throws (Next would send an empty 500). */
export const apiRoute = <A extends unknown[]>(handler: (...args: A) => Promise<Response>) =>
  jsonErrors("nextjs", handler, { rethrow: unstable_rethrow });

/** A server component's data: a failure is logged by name and code, and `error.tsx` shows the shared page. */
export const pageData = <T>(path: string, load: () => Promise<T>) =>
  loadPageData("nextjs", path, load, { rethrow: unstable_rethrow });
