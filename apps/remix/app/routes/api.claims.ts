import { getAuth } from "@clerk/remix/ssr.server";
import { toResponse } from "@crosswalk/endpoints";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { api, apiRoute } from "../server/api.server";
import { clerkOptions } from "../server/clerk.server";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse((await api()).claims(await getAuth(args, clerkOptions()))),
);
// #endregion

export { notFoundHere as action } from "../server/api.server";
