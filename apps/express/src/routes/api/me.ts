import { getAuth } from "@clerk/express";
import type { RequestHandler } from "express";
import { type Api, reply } from "../../api.ts";

// #region crosswalk:reading-auth
// getAuth(req) reads what clerkMiddleware verified; api.me checks it is signed in before calling
// clerkClient.users.getUser.
export const me =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, await (await api()).me(getAuth(req)));
// #endregion
