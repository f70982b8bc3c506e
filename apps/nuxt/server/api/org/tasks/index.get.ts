import { toResponse } from "@crosswalk/endpoints";
import { api, defineApiRoute } from "../../../utils/api.ts";

// #region crosswalk:org-permissions
// Permissions come from the token through event.context.auth().has({ permission }), never from the database.
export default defineApiRoute(async (event) =>
  toResponse(await (await api()).listTasks(event.context.auth())),
);
// #endregion
