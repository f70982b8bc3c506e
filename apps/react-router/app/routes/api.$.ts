import { notFound, toResponse, unlistedApiRequest } from "@crosswalk/endpoints";
import type { LoaderFunctionArgs } from "react-router";

// Every /api path no other route serves: the contract's JSON instead of React Router's HTML 404.
const unlisted = ({ request }: LoaderFunctionArgs) =>
  toResponse(unlistedApiRequest(request.method, new URL(request.url).pathname) ?? notFound);

export { unlisted as action, unlisted as loader };
