import { createEndpoints, type EndpointResult } from "@crosswalk/endpoints";
import type { Request, Response } from "express";
import { clerkClient } from "./clerk.ts";
import { database } from "./db.ts";
import { env } from "./env.ts";

export const api = createEndpoints({
  framework: "express",
  db: database.db,
  databaseKind: database.kind,
  users: clerkClient.users,
  authorizedParties: env.clerk.authorizedParties,
});

export function reply(res: Response, result: EndpointResult): void {
  if (result.body === undefined) res.status(result.status).end();
  else res.status(result.status).json(result.body);
}

/** The JSON endpoints' body, which express.text() leaves as a string (absent: nothing was sent). */
export const bodyText = (req: Request) => (typeof req.body === "string" ? req.body : "");
