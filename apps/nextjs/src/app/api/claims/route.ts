import { auth } from "@clerk/nextjs/server";
import { toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../server/api";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const GET = apiRoute(async () => {
  return toResponse((await api()).claims(await auth()));
});
// #endregion
