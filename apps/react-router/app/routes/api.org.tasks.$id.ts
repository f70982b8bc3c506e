import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { ActionFunctionArgs } from "react-router";
import { api, apiRoute, notFoundHere } from "../server/api.server";

export const action = apiRoute(async (args: ActionFunctionArgs) => {
  if (args.request.method !== "DELETE") return notFoundHere();
  return toResponse(
    await (await api()).deleteTask(
      await getAuth(args),
      fetchRequestFacts(args.request),
      args.params.id ?? "",
    ),
  );
});

export { notFoundHere as loader } from "../server/api.server";
