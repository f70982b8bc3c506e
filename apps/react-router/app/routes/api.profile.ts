import { getAuth } from "@clerk/react-router/server";
import { fetchRequestFacts, readJsonBody, toResponse } from "@crosswalk/endpoints";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "react-router";
import { api, apiRoute, notFoundHere } from "../server/api.server";

export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse(await (await api()).getProfile(await getAuth(args))),
);

export const action = apiRoute(async (args: ActionFunctionArgs) => {
  if (args.request.method !== "PUT") return notFoundHere();
  const body = await readJsonBody(args.request);
  if (!body.ok) return toResponse(body.refusal);
  return toResponse(
    await (await api()).putProfile(await getAuth(args), fetchRequestFacts(args.request), body.text),
  );
});
