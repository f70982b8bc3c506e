import { lazyEndpoints, loadPageData, unexpectedError } from "@crosswalk/endpoints";
import { defineEventHandler, type H3Event, toWebRequest } from "h3";
import { clerkClient } from "./clerk.ts";
import { database } from "./db.ts";
import { env } from "./env.ts";

/** The contract's endpoints, with the Backend API reached through the process's client. */
export const api = lazyEndpoints(async () => {
  const handle = await database();
  return {
    framework: "nuxt",
    db: handle.db,
    databaseKind: handle.kind,
    authorizedParties: env().clerk.authorizedParties,
    users: clerkClient().users,
  };
});

/**
 * A server route of the contract: a failure is logged by name and code and answered with the contract's JSON
 * 500 (Nitro's own error answer has another shape and logs the error whole).
 */
export const defineApiRoute = (handle: (event: H3Event) => Promise<Response>) =>
  defineEventHandler(async (event) => {
    try {
      return await handle(event);
    } catch (error) {
      return unexpectedError("nuxt", error, toWebRequest(event));
    }
  });

/** A page's data: a failure is logged by name and code, and the page shows app/error.vue. */
export const pageData = <T>(path: string, load: () => Promise<T>) =>
  loadPageData("nuxt", path, load);
