import { getAuth } from "@clerk/express";
import { nodeRequestFacts } from "@crosswalk/endpoints";
import type { RequestHandler } from "express";
import { type Api, reply } from "../../../api.ts";

// #region crosswalk:org-permissions
// Permissions come from the token through getAuth(req).has({ permission }), never from the database.
export const listTasks =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, await (await api()).listTasks(getAuth(req)));

export const createTask =
  (api: Api): RequestHandler =>
  async (req, res) =>
    reply(res, await (await api()).createTask(getAuth(req), nodeRequestFacts(req)));

export const deleteTask =
  (api: Api): RequestHandler<{ id: string }> =>
  async (req, res) =>
    reply(res, await (await api()).deleteTask(getAuth(req), nodeRequestFacts(req), req.params.id));
// #endregion
