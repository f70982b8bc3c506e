import { getAuth } from "@clerk/express";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { RequestHandler } from "express";
import { api, reply } from "../../api.ts";

export const completeOnboarding: RequestHandler = async (req, res) =>
  reply(res, await (await api()).completeOnboarding(getAuth(req), nodeRequestFacts(req)));
