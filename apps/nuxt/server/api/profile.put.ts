import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { toWebRequest } from "h3";
import { api, defineApiRoute } from "../utils/api.ts";

export default defineApiRoute(async (event) => {
  const request = toWebRequest(event);
  return toResponse(
    await (await api()).putProfile(event.context.auth(), fetchRequestFacts(request)),
  );
});
