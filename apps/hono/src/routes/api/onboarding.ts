import { getAuth } from "@clerk/hono";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../api.ts";

export const onboarding = (api: Api) =>
  new Hono().post("/api/onboarding/complete", async (c) =>
    toResponse(await (await api()).completeOnboarding(getAuth(c), fetchRequestFacts(c.req.raw))),
  );
