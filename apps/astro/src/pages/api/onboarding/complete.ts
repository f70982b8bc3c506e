import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../../server/api.ts";

export const POST: APIRoute = async ({ locals, request }) =>
  toResponse(await (await api()).completeOnboarding(locals.auth(), fetchRequestFacts(request)));
