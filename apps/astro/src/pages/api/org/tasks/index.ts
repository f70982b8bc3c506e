import { fetchRequestFacts, readJsonBody, toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../../../server/api.ts";

// #region crosswalk:org-permissions
// Permissions come from the token through locals.auth().has({ permission }), never from the database.
export const GET: APIRoute = async ({ locals }) =>
  toResponse(await (await api()).listTasks(locals.auth()));
// #endregion

export const POST: APIRoute = async ({ locals, request }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return toResponse(body.refusal);
  return toResponse(
    await (await api()).createTask(locals.auth(), fetchRequestFacts(request), body.text),
  );
};
