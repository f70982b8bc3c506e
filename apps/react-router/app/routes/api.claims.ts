import { getAuth } from "@clerk/react-router/server";
import { toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../server/api.server";
import type { Route } from "./+types/api.claims";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const loader = apiRoute(async (args: Route.LoaderArgs) =>
  toResponse((await api()).claims(await getAuth(args))),
);
// #endregion

export { notFoundHere as action } from "../server/api.server";
