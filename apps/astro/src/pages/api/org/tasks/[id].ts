import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../../../server/api.ts";

export const DELETE: APIRoute = async ({ locals, params, request }) =>
  toResponse(
    await (await api()).deleteTask(locals.auth(), fetchRequestFacts(request), params.id ?? ""),
  );
