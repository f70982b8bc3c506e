import "@tanstack/react-start/server-only";
import { clerkClient } from "@clerk/tanstack-react-start/server";
import { lazyEndpoints, reportUnexpectedError } from "@crosswalk/endpoints";
import { isNotFound, isRedirect } from "@tanstack/react-router";
import { database } from "./db";
import { env } from "./env";

/** The contract's endpoints, with the Backend API reached through the SDK's clerkClient(). */
export const api = lazyEndpoints(async () => {
  const handle = await database();
  return {
    framework: "tanstack-start",
    db: handle.db,
    databaseKind: handle.kind,
    authorizedParties: env().clerk.authorizedParties,
    // #region crosswalk:backend-getuser
    users: clerkClient().users,
    // #endregion
  };
});

/**
 * A page's data, in a server function. Start logs nothing for a loader that throws and serializes the error
 * (a failed query's text, the database's address) for the browser: a failure is logged by name and code, as
 * the routes log theirs, and the page gets an error that says only where to look.
 */
export async function pageData<T>(path: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isRedirect(error) || isNotFound(error)) throw error;
    reportUnexpectedError("tanstack-start", error, { method: "GET", path });
    throw new Error(`GET ${path} failed; the server log says why`);
  }
}
