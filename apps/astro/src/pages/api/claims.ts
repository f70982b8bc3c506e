import { toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../server/api.ts";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const GET: APIRoute = async ({ locals }) => toResponse((await api()).claims(locals.auth()));
// #endregion
