import { healthOf } from "@crosswalk/endpoints";
import type { RequestHandler } from "express";
import { type Api, reply } from "../../api.ts";

export const health =
  (api: Api): RequestHandler =>
  async (_req, res) =>
    reply(res, await healthOf(api));
