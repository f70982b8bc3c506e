import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../../server/api";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const GET = apiRoute(async (request: Request) => {
  return toResponse(await (await api()).listMembers(await auth(), fetchRequestFacts(request)));
});
// #endregion
