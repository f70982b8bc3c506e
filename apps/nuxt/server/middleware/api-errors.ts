import { toResponse, unlistedApiRequest } from "@crosswalk/endpoints";
import { defineEventHandler } from "h3";

// Runs first (server middleware runs in file-name order): unlisted methods and paths under /api, and paths that
// do not decode, get the contract's JSON before Clerk or a route sees them.
export default defineEventHandler((event) => {
  const refusal = unlistedApiRequest(event.method, event.path.split("?")[0] ?? "/");
  if (refusal) return toResponse(refusal);
});
