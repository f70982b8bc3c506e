import { auth } from "@clerk/tanstack-react-start/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../../server/api";

export const Route = createFileRoute("/api/onboarding/complete")({
  server: {
    handlers: {
      POST: async ({ request }) =>
        toResponse(
          await (await api()).completeOnboarding(await auth(), fetchRequestFacts(request)),
        ),
    },
  },
});
