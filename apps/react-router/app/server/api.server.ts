import {
  createEndpoints,
  type Endpoints,
  jsonErrors,
  notFound,
  toResponse,
} from "@crosswalk/endpoints";
import type { LoaderFunctionArgs } from "react-router";
import { backendApi } from "./clerk.server";
import { database } from "./db.server";
import { env } from "./env.server";

/** The contract's endpoints, with the Backend API reached through this request's clerkClient(args). */
export async function api(args: LoaderFunctionArgs): Promise<Endpoints> {
  const handle = await database();
  return createEndpoints({
    framework: "react-router",
    db: handle.db,
    databaseKind: handle.kind,
    authorizedParties: env().clerk.authorizedParties,
    users: backendApi(args).users,
  });
}

/** For the loader or action a resource route does not serve: React Router would answer 405 with its own body. */
export const notFoundHere = () => toResponse(notFound);

/** A loader or action that answers the contract's 500 JSON for whatever throws (React Router would send text). */
export const apiRoute = <A extends unknown[]>(handler: (...args: A) => Promise<Response>) =>
  jsonErrors("react-router", handler);
