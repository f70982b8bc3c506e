import { healthOf, toResponse } from "@crosswalk/endpoints";
import { api, defineApiRoute } from "../utils/api.ts";

export default defineApiRoute(async () => toResponse(await healthOf(api)));
