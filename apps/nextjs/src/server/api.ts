import "server-only";
import { clerkClient } from "@clerk/nextjs/server";
import { jsonErrors, lazyEndpoints, reportUnexpectedError } from "@crosswalk/endpoints";
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
      updateUserMetadata: async (userId, params) =>
        (await clerkClient()).users.updateUserMetadata(userId, params),
    },
    // #endregion
  };
});

/** A route handler that answers the contract's 500 JSON for whatever throws (Next would send an empty 500). */
export const apiRoute = <A extends unknown[]>(handler: (...args: A) => Promise<Response>) =>
  jsonErrors("nextjs", handler, { rethrow: unstable_rethrow });

/**
 * A server component's data. Next prints whatever a page throws, whole (a failed query's text, the database's
 * address): a failure is logged by name and code, as the routes log theirs, and Next gets an error that says
 * only where to look. `error.tsx` shows the page every app shows.
 */
export async function pageData<T>(path: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    unstable_rethrow(error);
    reportUnexpectedError("nextjs", error, { method: "GET", path });
    throw new Error(`GET ${path} failed; the server log says why`);
  }
}
