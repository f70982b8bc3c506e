import { lazyEndpoints } from "@crosswalk/endpoints";
import type { AppDependencies } from "./app.ts";

/** The contract's endpoints, with the Backend API reached through the process's client. */
export const createApi = ({ env, database, clerkClient }: AppDependencies) =>
  lazyEndpoints(async () => {
    const handle = await database();
    return {
      framework: "hono",
      db: handle.db,
      databaseKind: handle.kind,
      users: clerkClient.users,
      authorizedParties: env.clerk.authorizedParties,
    };
  });

export type Api = ReturnType<typeof createApi>;
