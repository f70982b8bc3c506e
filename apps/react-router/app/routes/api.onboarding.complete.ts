import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { ActionFunctionArgs } from "react-router";
import { api, apiRoute, notFoundHere } from "../server/api.server";

export const action = apiRoute(async (args: ActionFunctionArgs) => {
  if (args.request.method !== "POST") return notFoundHere();
  return toResponse(
    await (await api()).completeOnboarding(await getAuth(args), fetchRequestFacts(args.request)),
  );
});

export { notFoundHere as loader } from "../server/api.server";
