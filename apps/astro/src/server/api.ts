import { lazyEndpoints, loadPageData } from "@crosswalk/endpoints";
import { clerkClient } from "./clerk.ts";
import { database } from "./db.ts";
import { env } from "./env.ts";

/** The contract's endpoints, with the Backend API reached through the process's client. */
export const api = lazyEndpoints(async () => {
  const handle = await database();
  return {
    framework: "astro",
    db: handle.db,
    databaseKind: handle.kind,
    authorizedParties: env().clerk.authorizedParties,
    users: clerkClient().users,
  };
});

/** A page's data: a failure is logged by name and code, and Astro renders src/pages/500.astro. */
export const pageData = <T>(path: string, load: () => Promise<T>) =>
  loadPageData("astro", path, load);
