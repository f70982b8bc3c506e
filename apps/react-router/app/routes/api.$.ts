import { notFound, toResponse, unlistedApiRequest } from "@crosswalk/endpoints";
import type { Route } from "./+types/api.$";

// Every /api path no other route serves: the contract's JSON instead of React Router's HTML 404.
const unlisted = ({ request }: Route.LoaderArgs | Route.ActionArgs) =>
  toResponse(unlistedApiRequest(request.method, new URL(request.url).pathname) ?? notFound);

export { unlisted as action, unlisted as loader };
