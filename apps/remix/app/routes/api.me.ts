import { getAuth } from "@clerk/remix/ssr.server";
import { toResponse } from "@crosswalk/endpoints";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { api, apiRoute } from "../server/api.server";
import { clerkOptions } from "../server/clerk.server";

// #region crosswalk:reading-auth
// getAuth(args) verifies the request in this resource route; api.me checks it is signed in before
// calling getUser.
export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse(await (await api()).me(await getAuth(args, clerkOptions()))),
);
// #endregion

export { notFoundHere as action } from "../server/api.server";
