import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute, notFoundHere } from "../server/api.server";
import type { Route } from "./+types/api.profile";

export const loader = apiRoute(async (args: Route.LoaderArgs) =>
  toResponse(await (await api()).getProfile(await getAuth(args))),
);

export const action = apiRoute(async (args: Route.ActionArgs) => {
  if (args.request.method !== "PUT") return notFoundHere();
  return toResponse(
    await (await api()).putProfile(await getAuth(args), fetchRequestFacts(args.request)),
  );
});
