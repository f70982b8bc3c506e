import { fetchRequestFacts, readJsonBody, toResponse } from "@crosswalk/endpoints";
import { toWebRequest } from "h3";
import { api, defineApiRoute } from "../../../utils/api.ts";

export default defineApiRoute(async (event) => {
  const request = toWebRequest(event);
  const body = await readJsonBody(request);
  if (!body.ok) return toResponse(body.refusal);
  return toResponse(
    await (await api()).createTask(event.context.auth(), fetchRequestFacts(request), body.text),
  );
});
