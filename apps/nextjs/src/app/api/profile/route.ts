import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, payloadTooLarge, readJsonText, toResponse } from "@crosswalk/endpoints";
import { api } from "../../../server/api";

export async function GET() {
  return toResponse(await (await api()).getProfile(await auth()));
}

export async function PUT(request: Request) {
  const body = await readJsonText(request);
  if (body === undefined) return toResponse(payloadTooLarge);
  return toResponse(await (await api()).putProfile(await auth(), fetchRequestFacts(request), body));
}
