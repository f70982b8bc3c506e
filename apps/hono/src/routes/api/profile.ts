import { getAuth } from "@clerk/hono";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../api.ts";

export const profile = (api: Api) =>
  new Hono()
    .get("/api/profile", async (c) => toResponse(await (await api()).getProfile(getAuth(c))))
    .put("/api/profile", async (c) => {
      return toResponse(await (await api()).putProfile(getAuth(c), fetchRequestFacts(c.req.raw)));
    });
