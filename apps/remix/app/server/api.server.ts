import { createEndpoints, type Endpoints } from "@crosswalk/endpoints";
import { clerkClient } from "./clerk.server";
import { database } from "./db.server";

let endpoints: Promise<Endpoints> | undefined;

/** The contract's endpoints, with the Backend API reached through @clerk/remix's clerk client. */
export function api(): Promise<Endpoints> {
  endpoints ??= database().then((handle) =>
    createEndpoints({
      framework: "remix",
      db: handle.db,
      databaseKind: handle.kind,
      users: clerkClient().users,
    }),
  );
  return endpoints;
}
