import { auth } from "@clerk/nextjs/server";
import { toResponse } from "@crosswalk/endpoints";
import { api } from "../../../../server/api";

export async function POST() {
  return toResponse(await (await api()).completeOnboarding(await auth()));
}
