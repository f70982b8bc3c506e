import { healthOf, toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../api.ts";

export const health = (api: Api) =>
  new Hono().get("/api/health", async () => toResponse(await healthOf(api)));
