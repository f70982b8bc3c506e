import type { RequestHandler } from "express";
import { api, reply } from "../../api.ts";

export const health: RequestHandler = (_req, res) => reply(res, api.health());
