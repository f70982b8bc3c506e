import "server-only";
import { clerkClient } from "@clerk/nextjs/server";
import { jsonErrors, lazyEndpoints } from "@crosswalk/endpoints";
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
  jsonErrors("nextjs", async (...args: A) => closedAfterRefusal(await handler(...args)), {
    rethrow: unstable_rethrow,
  });

/**
 * A refused body (413) is left unread, and `next start` gives no access to its server to drain it (as the other
 * apps' servers do): the connection closes after the answer instead of carrying the rest as a next request.
 */
function closedAfterRefusal(response: Response): Response {
  if (response.status === 413) response.headers.set("connection", "close");
  return response;
}
