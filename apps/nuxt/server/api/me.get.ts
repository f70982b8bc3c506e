import { toResponse } from "@crosswalk/endpoints";
import { api, defineApiRoute } from "../utils/api.ts";

// #region crosswalk:reading-auth
// event.context.auth() reads what clerkMiddleware verified; api.me checks it is signed in before calling getUser.
export default defineApiRoute(async (event) =>
  toResponse(await (await api()).me(event.context.auth())),
);
// #endregion
