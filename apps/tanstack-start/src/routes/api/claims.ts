import { auth } from "@clerk/tanstack-react-start/server";
import { toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../server/api";

// #region crosswalk:custom-claims
// sessionClaims.metadata is typed by @crosswalk/claims' global augmentation; no network call here.
export const Route = createFileRoute("/api/claims")({
  server: { handlers: { GET: async () => toResponse((await api()).claims(await auth())) } },
});
// #endregion
