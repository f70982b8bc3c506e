import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../../server/api";

export const POST = apiRoute(async (request: Request) => {
  return toResponse(
    await (await api()).completeOnboarding(await auth(), fetchRequestFacts(request)),
  );
});
