import { getAuth } from "@clerk/remix/ssr.server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, apiRoute, notFoundHere } from "../server/api.server";
import { clerkOptions } from "../server/clerk.server";

// #region crosswalk:org-permissions
// Permissions come from the token through getAuth(args).has({ permission }), never from the database.
export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse(await (await api()).listTasks(await getAuth(args, clerkOptions()))),
);

export const action = apiRoute(async (args: ActionFunctionArgs) => {
  if (args.request.method !== "POST") return notFoundHere();
  // #endregion
  return toResponse(
    await (await api()).createTask(
      await getAuth(args, clerkOptions()),
      fetchRequestFacts(args.request),
    ),
  );
});
