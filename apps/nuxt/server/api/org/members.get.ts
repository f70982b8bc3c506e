import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { toWebRequest } from "h3";
import { api, defineApiRoute } from "../../utils/api.ts";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export default defineApiRoute(async (event) =>
  toResponse(
    await (await api()).listMembers(event.context.auth(), fetchRequestFacts(toWebRequest(event))),
  ),
);
// #endregion
