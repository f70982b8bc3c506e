import { auth } from "@clerk/tanstack-react-start/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../../../server/api";

// #region crosswalk:org-permissions
// Permissions come from the token through auth().has({ permission }), never from the database.
export const Route = createFileRoute("/api/org/tasks/")({
  server: {
    handlers: {
      GET: async () => toResponse(await (await api()).listTasks(await auth())),
      POST: async ({ request }) => {
        return toResponse(await (await api()).createTask(await auth(), fetchRequestFacts(request)));
      },
    },
  },
});
// #endregion
