import { getAuth } from "@clerk/hono";
import { toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../api.ts";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const claims = (api: Api) =>
  new Hono().get("/api/claims", async (c) => toResponse((await api()).claims(getAuth(c))));
// #endregion
