import "@tanstack/react-start/server-only";
import { clerkClient } from "@clerk/tanstack-react-start/server";
import { lazyEndpoints } from "@crosswalk/endpoints";
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
