import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api } from "../../../../server/api";

export async function POST(request: Request) {
  return toResponse(
    await (await api()).completeOnboarding(await auth(), fetchRequestFacts(request)),
  );
}
