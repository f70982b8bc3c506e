import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../../server/api";

// #region crosswalk:org-permissions
// Permissions come from the token through auth().has({ permission }), never from the database.
export const GET = apiRoute(async () => {
  return toResponse(await (await api()).listTasks(await auth()));
});
// #endregion

export const POST = apiRoute(async (request: Request) => {
  return toResponse(await (await api()).createTask(await auth(), fetchRequestFacts(request)));
});
