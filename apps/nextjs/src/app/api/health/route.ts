import { toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../server/api";

export const GET = apiRoute(async () => {
  return toResponse((await api()).health());
});
