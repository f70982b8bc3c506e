import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../../../server/api.ts";

// #region crosswalk:org-permissions
// Permissions come from the token through locals.auth().has({ permission }), never from the database.
export const GET: APIRoute = async ({ locals }) =>
  toResponse(await (await api()).listTasks(locals.auth()));
// #endregion

export const POST: APIRoute = async ({ locals, request }) => {
  return toResponse(await (await api()).createTask(locals.auth(), fetchRequestFacts(request)));
};
