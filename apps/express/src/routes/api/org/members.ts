import { getAuth } from "@clerk/express";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { RequestHandler } from "express";
import { type Api, reply } from "../../../api.ts";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const listMembers =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, await (await api()).listMembers(getAuth(req), nodeRequestFacts(req)));
// #endregion
