import { isPageDataFailure, lazyEndpoints, loadPageData } from "@crosswalk/endpoints";
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

/**
 * A page's data, or `undefined` once its failure is logged by name and code: the page then answers 500 with
 * src/pages/500.astro itself, since Astro logs what a page throws again, stack and all.
 */
export async function pageData<T>(path: string, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await loadPageData("astro", path, load);
  } catch (error) {
    if (isPageDataFailure(error)) return undefined;
    throw error;
  }
}
