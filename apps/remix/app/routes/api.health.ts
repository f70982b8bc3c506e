import { healthOf, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../server/api.server";

export const loader = apiRoute(async () => toResponse(await healthOf(api)));

export { notFoundHere as action } from "../server/api.server";
