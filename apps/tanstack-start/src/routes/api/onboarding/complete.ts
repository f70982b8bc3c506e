import { auth } from "@clerk/tanstack-react-start/server";
import { toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../../server/api";

export const Route = createFileRoute("/api/onboarding/complete")({
  server: {
    handlers: {
      POST: async () => toResponse(await (await api()).completeOnboarding(await auth())),
    },
  },
});
