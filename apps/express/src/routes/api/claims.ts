import { getAuth } from "@clerk/express";
import type { RequestHandler } from "express";
import { type Api, reply } from "../../api.ts";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const claims =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, (await api()).claims(getAuth(req)));
// #endregion
