import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, readJsonBody, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../server/api";

export const GET = apiRoute(async () => {
  return toResponse(await (await api()).getProfile(await auth()));
});

export const PUT = apiRoute(async (request: Request) => {
  const body = await readJsonBody(request);
  if (!body.ok) return toResponse(body.refusal);
  return toResponse(
    await (await api()).putProfile(await auth(), fetchRequestFacts(request), body.text),
  );
});
