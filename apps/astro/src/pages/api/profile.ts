import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../server/api.ts";

export const GET: APIRoute = async ({ locals }) =>
  toResponse(await (await api()).getProfile(locals.auth()));

export const PUT: APIRoute = async ({ locals, request }) => {
  return toResponse(await (await api()).putProfile(locals.auth(), fetchRequestFacts(request)));
};
