import { getAuth } from "@clerk/hono";
import { toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../api.ts";

// #region crosswalk:reading-auth
// getAuth(c) reads what clerkMiddleware verified; api.me checks it is signed in before calling
// clerkClient.users.getUser.
export const me = (api: Api) =>
  new Hono().get("/api/me", async (c) => toResponse(await (await api()).me(getAuth(c))));
// #endregion
