import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute, notFoundHere } from "../server/api.server";
import type { Route } from "./+types/api.org.tasks";

// #region crosswalk:org-permissions
// Permissions come from the token through getAuth(args).has({ permission }), never from the database.
export const loader = apiRoute(async (args: Route.LoaderArgs) =>
  toResponse(await (await api()).listTasks(await getAuth(args))),
);

export const action = apiRoute(async (args: Route.ActionArgs) => {
  if (args.request.method !== "POST") return notFoundHere();
  // #endregion
  return toResponse(
    await (await api()).createTask(await getAuth(args), fetchRequestFacts(args.request)),
  );
});
