import { isStorableText } from "@crosswalk/db";
import { z } from "zod";

// Only the fields the sync keeps are validated; Clerk adds fields freely, so unknown keys are allowed.
// What the database cannot hold is invalid here, so a signed event with it answers 400 once instead of a
// 500 that Svix retries for days: times within the years 1970 to 9999 (JavaScript's Date ends before
// 9e15 ms), text without NUL (Postgres refuses it in `text`).
const latestTimestampMs = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const clerkTimestamp = z.number().int().nonnegative().max(latestTimestampMs);
const text = z.string().refine(isStorableText, "must not contain NUL");

export const eventEnvelope = z.object({
  object: z.literal("event"),
  type: text.min(1),
  data: z.record(z.string(), z.unknown()),
  timestamp: clerkTimestamp.optional(),
});

const emailAddress = z.object({ id: text, email_address: text });

export const userData = z.object({
  object: z.literal("user"),
  id: text.startsWith("user_"),
  primary_email_address_id: text.nullable().optional(),
  email_addresses: z.array(emailAddress).default([]),
  first_name: text.nullable().optional(),
  last_name: text.nullable().optional(),
  username: text.nullable().optional(),
  image_url: text.nullable().optional(),
  updated_at: clerkTimestamp,
});

export const organizationData = z.object({
  object: z.literal("organization"),
  id: text.startsWith("org_"),
  name: text,
  slug: text.nullable().optional(),
  image_url: text.nullable().optional(),
  updated_at: clerkTimestamp,
});

export const membershipData = z.object({
  object: z.literal("organization_membership"),
  id: text.startsWith("orgmem_"),
  role: text,
  organization: z.object({ id: text.startsWith("org_") }),
  public_user_data: z.object({ user_id: text.startsWith("user_") }),
  updated_at: clerkTimestamp,
});

export const deletedData = z.object({
  id: text,
  deleted: z.literal(true),
});

export const syncedEventTypes = [
  "user.created",
  "user.updated",
  "user.deleted",
  "organization.created",
  "organization.updated",
  "organization.deleted",
  "organizationMembership.created",
  "organizationMembership.updated",
  "organizationMembership.deleted",
] as const;
export type SyncedEventType = (typeof syncedEventTypes)[number];

export function isSyncedEventType(type: string): type is SyncedEventType {
  return (syncedEventTypes as readonly string[]).includes(type);
}
