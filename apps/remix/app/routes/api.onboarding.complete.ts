import { getAuth } from "@clerk/remix/ssr.server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { ActionFunctionArgs } from "@remix-run/node";
import { api, apiRoute, notFoundHere } from "../server/api.server";
import { clerkOptions } from "../server/clerk.server";

export const action = apiRoute(async (args: ActionFunctionArgs) => {
  if (args.request.method !== "POST") return notFoundHere();
  return toResponse(
    await (await api()).completeOnboarding(
      await getAuth(args, clerkOptions()),
      fetchRequestFacts(args.request),
    ),
  );
});

export { notFoundHere as loader } from "../server/api.server";
