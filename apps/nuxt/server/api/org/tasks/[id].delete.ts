import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { getRouterParam, toWebRequest } from "h3";
import { api, defineApiRoute } from "../../../utils/api.ts";

export default defineApiRoute(async (event) =>
  toResponse(
    await (await api()).deleteTask(
      event.context.auth(),
      fetchRequestFacts(toWebRequest(event)),
      getRouterParam(event, "id", { decode: true }) ?? "",
    ),
  ),
);
