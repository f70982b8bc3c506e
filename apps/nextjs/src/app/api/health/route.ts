import { healthOf, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../server/api";

export const GET = apiRoute(async () => {
  return toResponse(await healthOf(api));
});
