import { createEndpoints, type EndpointResult } from "@crosswalk/endpoints";
import type { Response } from "express";
import { clerkClient } from "./clerk.ts";
import { database } from "./db.ts";

export const api = createEndpoints({
  framework: "express",
  db: database.db,
  databaseKind: database.kind,
  users: clerkClient.users,
});

export function reply(res: Response, result: EndpointResult): void {
  if (result.body === undefined) res.status(result.status).end();
  else res.status(result.status).json(result.body);
}
