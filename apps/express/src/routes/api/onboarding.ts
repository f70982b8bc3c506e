import { getAuth } from "@clerk/express";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { RequestHandler } from "express";
import { type Api, reply } from "../../api.ts";

export const completeOnboarding =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, await (await api()).completeOnboarding(getAuth(req), nodeRequestFacts(req)));
