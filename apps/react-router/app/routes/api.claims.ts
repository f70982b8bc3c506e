import { getAuth } from "@clerk/react-router/server";
import { toResponse } from "@crosswalk/endpoints";
import type { LoaderFunctionArgs } from "react-router";
import { api, apiRoute } from "../server/api.server";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse((await api()).claims(await getAuth(args))),
);
// #endregion

export { notFoundHere as action } from "../server/api.server";
