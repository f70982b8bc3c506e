import { getAuth } from "@clerk/express";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { RequestHandler } from "express";
import { type Api, reply } from "../../api.ts";

export const getProfile =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, await (await api()).getProfile(getAuth(req)));

export const putProfile =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, await (await api()).putProfile(getAuth(req), nodeRequestFacts(req)));
