import { healthOf, toResponse } from "@crosswalk/endpoints";
import type { APIRoute } from "astro";
import { api } from "../../server/api.ts";

export const GET: APIRoute = async () => toResponse(await healthOf(api));
