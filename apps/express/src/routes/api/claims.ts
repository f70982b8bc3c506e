import { getAuth } from "@clerk/express";
import type { RequestHandler } from "express";
import { api, reply } from "../../api.ts";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const claims: RequestHandler = async (req, res) =>
  reply(res, (await api()).claims(getAuth(req)));
// #endregion
