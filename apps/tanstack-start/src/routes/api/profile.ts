import { auth } from "@clerk/tanstack-react-start/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../server/api";

export const Route = createFileRoute("/api/profile")({
  server: {
    handlers: {
      GET: async () => toResponse(await (await api()).getProfile(await auth())),
      PUT: async ({ request }) => {
        return toResponse(await (await api()).putProfile(await auth(), fetchRequestFacts(request)));
      },
    },
  },
});
