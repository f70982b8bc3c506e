import { toResponse } from "@crosswalk/endpoints";
import { api, defineApiRoute } from "../utils/api.ts";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export default defineApiRoute(async (event) =>
  toResponse((await api()).claims(event.context.auth())),
);
// #endregion
