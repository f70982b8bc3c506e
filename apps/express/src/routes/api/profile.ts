import { getAuth } from "@clerk/express";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { RequestHandler } from "express";
import { api, bodyText, reply } from "../../api.ts";

export const getProfile: RequestHandler = async (req, res) =>
  reply(res, await (await api()).getProfile(getAuth(req)));

export const putProfile: RequestHandler = async (req, res) =>
  reply(res, await (await api()).putProfile(getAuth(req), nodeRequestFacts(req), bodyText(req)));
