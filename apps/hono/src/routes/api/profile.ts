import { getAuth } from "@clerk/hono";
import { fetchRequestFacts, readJsonBody, toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../api.ts";

export const profile = (api: Api) =>
  new Hono()
    .get("/api/profile", async (c) => toResponse(await (await api()).getProfile(getAuth(c))))
    .put("/api/profile", async (c) => {
      const body = await readJsonBody(c.req.raw);
      if (!body.ok) return toResponse(body.refusal);
      return toResponse(
        await (await api()).putProfile(getAuth(c), fetchRequestFacts(c.req.raw), body.text),
      );
    });
