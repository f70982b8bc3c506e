import { auth } from "@clerk/tanstack-react-start/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../../../server/api";

export const Route = createFileRoute("/api/org/tasks/$id")({
  server: {
    handlers: {
      DELETE: async ({ params, request }) =>
        toResponse(
          await (await api()).deleteTask(await auth(), fetchRequestFacts(request), params.id),
        ),
    },
  },
});
