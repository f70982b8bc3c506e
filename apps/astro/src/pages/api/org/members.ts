import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../../server/api.ts";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const GET: APIRoute = async ({ locals, request }) =>
  toResponse(await (await api()).listMembers(locals.auth(), fetchRequestFacts(request)));
// #endregion
