import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../server/api";

export const GET = apiRoute(async () => {
  return toResponse(await (await api()).getProfile(await auth()));
});

export const PUT = apiRoute(async (request: Request) => {
  return toResponse(await (await api()).putProfile(await auth(), fetchRequestFacts(request)));
});
