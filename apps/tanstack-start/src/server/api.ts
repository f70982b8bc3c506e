import { clerkClient } from "@clerk/tanstack-react-start/server";
import { createEndpoints, type Endpoints } from "@crosswalk/endpoints";
import { database } from "./db";
import { env } from "./env";

let endpoints: Promise<Endpoints> | undefined;

/** The contract's endpoints, with the Backend API reached through the SDK's clerkClient(). */
export function api(): Promise<Endpoints> {
  endpoints ??= database().then((handle) =>
    createEndpoints({
      framework: "tanstack-start",
      db: handle.db,
      databaseKind: handle.kind,
      authorizedParties: env().clerk.authorizedParties,
      // #region crosswalk:backend-getuser
      users: clerkClient().users,
      // #endregion
    }),
  );
  return endpoints;
}
