import type { RequestHandler } from "express";
import { api, reply } from "../../api.ts";

export const health: RequestHandler = async (_req, res) => reply(res, (await api()).health());
