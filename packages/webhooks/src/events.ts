import { z } from "zod";

// Only the fields the sync keeps are validated; Clerk adds fields freely, so unknown keys are allowed.
const clerkTimestamp = z.number().int().nonnegative();

export const eventEnvelope = z.object({
  object: z.literal("event"),
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  timestamp: clerkTimestamp.optional(),
});

const emailAddress = z.object({ id: z.string(), email_address: z.string() });

export const userData = z.object({
  object: z.literal("user"),
  id: z.string().startsWith("user_"),
  primary_email_address_id: z.string().nullable().optional(),
  email_addresses: z.array(emailAddress).default([]),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  username: z.string().nullable().optional(),
  image_url: z.string().nullable().optional(),
  updated_at: clerkTimestamp,
});

export const organizationData = z.object({
  object: z.literal("organization"),
  id: z.string().startsWith("org_"),
  name: z.string(),
  slug: z.string().nullable().optional(),
  image_url: z.string().nullable().optional(),
  updated_at: clerkTimestamp,
});

export const membershipData = z.object({
  object: z.literal("organization_membership"),
  id: z.string().startsWith("orgmem_"),
  role: z.string(),
  organization: z.object({ id: z.string().startsWith("org_") }),
  public_user_data: z.object({ user_id: z.string().startsWith("user_") }),
  updated_at: clerkTimestamp,
});

export const deletedData = z.object({
  id: z.string(),
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
