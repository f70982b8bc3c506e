import "@tanstack/react-start/server-only";
import { clerkClient } from "@clerk/tanstack-react-start/server";
import { lazyEndpoints, loadPageData } from "@crosswalk/endpoints";
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

/** A page's data, in a server function: a failure is logged by name and code, never sent to the browser. */
export const pageData = <T>(path: string, load: () => Promise<T>) =>
  loadPageData("tanstack-start", path, load, {
    rethrow: (error) => {
      if (isRedirect(error) || isNotFound(error)) throw error;
    },
  });
