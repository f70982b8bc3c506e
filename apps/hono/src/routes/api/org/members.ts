import { getAuth } from "@clerk/hono";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../../api.ts";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const members = (api: Api) =>
  new Hono().get("/api/org/members", async (c) =>
    toResponse(await (await api()).listMembers(getAuth(c), fetchRequestFacts(c.req.raw))),
  );
// #endregion
