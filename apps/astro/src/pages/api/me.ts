import { toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../server/api.ts";

// #region crosswalk:reading-auth
// locals.auth() reads what clerkMiddleware verified; api.me checks it is signed in before calling getUser.
export const GET: APIRoute = async ({ locals }) =>
  toResponse(await (await api()).me(locals.auth()));
// #endregion
