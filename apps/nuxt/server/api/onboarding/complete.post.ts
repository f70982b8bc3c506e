import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { toWebRequest } from "h3";
import { api, defineApiRoute } from "../../utils/api.ts";

export default defineApiRoute(async (event) =>
  toResponse(
    await (await api()).completeOnboarding(
      event.context.auth(),
      fetchRequestFacts(toWebRequest(event)),
    ),
  ),
);
