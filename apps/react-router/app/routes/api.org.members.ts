import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../server/api.server";
import type { Route } from "./+types/api.org.members";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const loader = apiRoute(async (args: Route.LoaderArgs) =>
  toResponse(await (await api()).listMembers(await getAuth(args), fetchRequestFacts(args.request))),
);
// #endregion
