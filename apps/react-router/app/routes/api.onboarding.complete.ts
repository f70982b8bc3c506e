import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute, notFoundHere } from "../server/api.server";
import type { Route } from "./+types/api.onboarding.complete";

export const action = apiRoute(async (args: Route.ActionArgs) => {
  if (args.request.method !== "POST") return notFoundHere();
  return toResponse(
    await (await api()).completeOnboarding(await getAuth(args), fetchRequestFacts(args.request)),
  );
});

export { notFoundHere as loader } from "../server/api.server";
