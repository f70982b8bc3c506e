import { toResponse } from "@crosswalk/endpoints";
import { api, defineApiRoute } from "../utils/api.ts";

export default defineApiRoute(async (event) =>
  toResponse(await (await api()).getProfile(event.context.auth())),
);
