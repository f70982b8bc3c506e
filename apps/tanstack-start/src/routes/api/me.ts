import { auth } from "@clerk/tanstack-react-start/server";
import { toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../server/api";

// #region crosswalk:reading-auth
// auth() reads what clerkMiddleware verified; api.me checks it is signed in before calling getUser.
export const Route = createFileRoute("/api/me")({
  server: { handlers: { GET: async () => toResponse(await (await api()).me(await auth())) } },
});
// #endregion
