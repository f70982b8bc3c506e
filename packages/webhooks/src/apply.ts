import {
  type Database,
  type SyncOutcome,
  tombstoneMembership,
  tombstoneOrganization,
  tombstoneUser,
  upsertMembership,
  upsertOrganization,
  upsertUser,
} from "@crosswalk/db";
import type { z } from "zod";
import {
  deletedData,
  membershipData,
  organizationData,
  type SyncedEventType,
  userData,
} from "./events.ts";

/** Thrown when a synced event's data does not have the shape Clerk sends; nothing has been written yet. */
export class InvalidEventData extends Error {
  /** Where in the event, e.g. `data.first_name`: a path, never the value. */
  readonly field: string;
  constructor(field: string) {
    super(`invalid event field ${field}`);
    this.field = field;
  }
}

/** The first offending field's path, for a log line that says what was wrong without echoing it. */
export function issuePath(error: z.ZodError, prefix: string): string {
  const path = error.issues[0]?.path ?? [];
  return [prefix, ...path.map(String)].filter(Boolean).join(".");
}

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new InvalidEventData(issuePath(result.error, "data"));
  return result.data;
}

function primaryEmail(user: z.infer<typeof userData>): string | null {
  const primary = user.email_addresses.find((email) => email.id === user.primary_email_address_id);
  return primary?.email_address ?? null;
}

/** Validates every synced event's data up front, so a malformed event never opens a transaction. */
export function prepareSyncedEvent(
  type: SyncedEventType,
  data: unknown,
  deletedAt: Date,
): (db: Database) => Promise<SyncOutcome> {
  switch (type) {
    case "user.created":
    case "user.updated": {
      const user = parse(userData, data);
      return (db) =>
        upsertUser(db, {
          clerkId: user.id,
          email: primaryEmail(user),
          firstName: user.first_name ?? null,
          lastName: user.last_name ?? null,
          username: user.username ?? null,
          imageUrl: user.image_url ?? null,
          updatedAt: new Date(user.updated_at),
        });
    }
    case "user.deleted": {
      const { id } = parse(deletedData.extend({ id: userData.shape.id }), data);
      return (db) => tombstoneUser(db, id, deletedAt);
    }
    case "organization.created":
    case "organization.updated": {
      const organization = parse(organizationData, data);
      return (db) =>
        upsertOrganization(db, {
          clerkId: organization.id,
          name: organization.name,
          slug: organization.slug ?? null,
          imageUrl: organization.image_url ?? null,
          updatedAt: new Date(organization.updated_at),
        });
    }
    case "organization.deleted": {
      const { id } = parse(deletedData.extend({ id: organizationData.shape.id }), data);
      return (db) => tombstoneOrganization(db, id, deletedAt);
    }
    case "organizationMembership.created":
    case "organizationMembership.updated": {
      const membership = parse(membershipData, data);
      return (db) =>
        upsertMembership(db, {
          clerkId: membership.id,
          organizationId: membership.organization.id,
          userId: membership.public_user_data.user_id,
          role: membership.role,
          updatedAt: new Date(membership.updated_at),
        });
    }
    case "organizationMembership.deleted": {
      const membership = parse(membershipData, data);
      return (db) =>
        tombstoneMembership(
          db,
          {
            clerkId: membership.id,
            organizationId: membership.organization.id,
            userId: membership.public_user_data.user_id,
          },
          deletedAt,
        );
    }
  }
}
