import { auth } from "@clerk/nextjs/server";
import { toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../server/api";

// #region crosswalk:reading-auth
// auth() reads what the proxy verified; api.me checks it is signed in before calling getUser.
export const GET = apiRoute(async () => {
  return toResponse(await (await api()).me(await auth()));
});
// #endregion
