import { getAuth } from "@clerk/remix/ssr.server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { api, apiRoute } from "../server/api.server";
import { clerkOptions } from "../server/clerk.server";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse(
    await (await api()).listMembers(
      await getAuth(args, clerkOptions()),
      fetchRequestFacts(args.request),
    ),
  ),
);
// #endregion
