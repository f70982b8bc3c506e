import { getAuth } from "@clerk/react-router/server";
import { toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../server/api.server";
import type { Route } from "./+types/api.me";

// #region crosswalk:reading-auth
// clerkMiddleware() in root.tsx verified the request; getAuth(args) reads its result in this resource
// route, and api.me checks it is signed in before calling getUser.
export const loader = apiRoute(async (args: Route.LoaderArgs) =>
  toResponse(await (await api()).me(await getAuth(args))),
);
// #endregion

export { notFoundHere as action } from "../server/api.server";
