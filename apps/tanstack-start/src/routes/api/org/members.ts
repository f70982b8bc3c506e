import { auth } from "@clerk/tanstack-react-start/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../../server/api";

// #region crosswalk:org-members
// Other users come from the synced copy: membership is proven by the token's org claims, names are not in it.
export const Route = createFileRoute("/api/org/members")({
  server: {
    handlers: {
      GET: async ({ request }) =>
        toResponse(await (await api()).listMembers(await auth(), fetchRequestFacts(request))),
    },
  },
});
// #endregion
