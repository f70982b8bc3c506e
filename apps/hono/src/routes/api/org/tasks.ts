import { getAuth } from "@clerk/hono";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { Hono } from "hono";
import type { Api } from "../../../api.ts";

// #region crosswalk:org-permissions
// Permissions come from the token through getAuth(c).has({ permission }), never from the database.
export const tasks = (api: Api) =>
  new Hono()
    .get("/api/org/tasks", async (c) => toResponse(await (await api()).listTasks(getAuth(c))))
    .post("/api/org/tasks", async (c) => {
      return toResponse(await (await api()).createTask(getAuth(c), fetchRequestFacts(c.req.raw)));
    })
    .delete("/api/org/tasks/:id", async (c) =>
      toResponse(
        await (await api()).deleteTask(getAuth(c), fetchRequestFacts(c.req.raw), c.req.param("id")),
      ),
    );
// #endregion
