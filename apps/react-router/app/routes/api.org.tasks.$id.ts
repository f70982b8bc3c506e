import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute, notFoundHere } from "../server/api.server";
import type { Route } from "./+types/api.org.tasks.$id";

export const action = apiRoute(async (args: Route.ActionArgs) => {
  if (args.request.method !== "DELETE") return notFoundHere();
  return toResponse(
    await (await api()).deleteTask(
      await getAuth(args),
      fetchRequestFacts(args.request),
      args.params.id,
    ),
  );
});

export { notFoundHere as loader } from "../server/api.server";
