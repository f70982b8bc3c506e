import { getAuth } from "@clerk/remix/ssr.server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, apiRoute, notFoundHere } from "../server/api.server";
import { clerkOptions } from "../server/clerk.server";

export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse(await (await api()).getProfile(await getAuth(args, clerkOptions()))),
);

export const action = apiRoute(async (args: ActionFunctionArgs) => {
  if (args.request.method !== "PUT") return notFoundHere();
  return toResponse(
    await (await api()).putProfile(
      await getAuth(args, clerkOptions()),
      fetchRequestFacts(args.request),
    ),
  );
});
