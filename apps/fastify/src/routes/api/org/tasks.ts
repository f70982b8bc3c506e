import { getAuth } from "@clerk/fastify";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { FastifyPluginAsync } from "fastify";
import { type Api, send } from "../../../api.ts";

// #region crosswalk:org-permissions
// Permissions come from the token through getAuth(request).has({ permission }), never from the database.
export const tasks: FastifyPluginAsync<{ api: Api }> = async (fastify, { api }) => {
  fastify.get("/api/org/tasks", async (request, reply) =>
    send(reply, await (await api()).listTasks(getAuth(request))),
  );

  fastify.post("/api/org/tasks", async (request, reply) =>
    send(reply, await (await api()).createTask(getAuth(request), nodeRequestFacts(request.raw))),
  );

  fastify.delete<{ Params: { id: string } }>("/api/org/tasks/:id", async (request, reply) =>
    send(
      reply,
      await (await api()).deleteTask(
        getAuth(request),
        nodeRequestFacts(request.raw),
        request.params.id,
      ),
    ),
  );
};
// #endregion
