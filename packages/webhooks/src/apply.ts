import {
  type Database,
  type SyncedMembership,
  type SyncedOrganization,
  type SyncedUser,
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

type Stamped<T> = Omit<T, "updatedAt"> & { updatedAt: number };
type MembershipKey = Pick<SyncedMembership, "clerkId" | "organizationId" | "userId">;

/**
 * What one synced event changes, and nothing else of its body: plain JSON, so queue mode stores this instead
 * of the event (whose body carries phone numbers, metadata and external accounts). Times are epoch ms.
 */
export type SyncChange =
  | { kind: "upsertUser"; user: Stamped<SyncedUser> }
  | { kind: "tombstoneUser"; clerkId: string; deletedAt: number }
  | { kind: "upsertOrganization"; organization: Stamped<SyncedOrganization> }
  | { kind: "tombstoneOrganization"; clerkId: string; deletedAt: number }
  | { kind: "upsertMembership"; membership: Stamped<SyncedMembership> }
  | { kind: "tombstoneMembership"; membership: MembershipKey; deletedAt: number };

/** Validates a synced event's data up front, so a malformed event never opens a transaction. */
export function syncChange(type: SyncedEventType, data: unknown, deletedAt: Date): SyncChange {
  switch (type) {
    case "user.created":
    case "user.updated": {
      const user = parse(userData, data);
      return {
        kind: "upsertUser",
        user: {
          clerkId: user.id,
          email: primaryEmail(user),
          firstName: user.first_name ?? null,
          lastName: user.last_name ?? null,
          username: user.username ?? null,
          imageUrl: user.image_url ?? null,
          updatedAt: user.updated_at,
        },
      };
    }
    case "user.deleted": {
      const { id } = parse(deletedData.extend({ id: userData.shape.id }), data);
      return { kind: "tombstoneUser", clerkId: id, deletedAt: deletedAt.getTime() };
    }
    case "organization.created":
    case "organization.updated": {
      const organization = parse(organizationData, data);
      return {
        kind: "upsertOrganization",
        organization: {
          clerkId: organization.id,
          name: organization.name,
          slug: organization.slug ?? null,
          imageUrl: organization.image_url ?? null,
          updatedAt: organization.updated_at,
        },
      };
    }
    case "organization.deleted": {
      const { id } = parse(deletedData.extend({ id: organizationData.shape.id }), data);
      return { kind: "tombstoneOrganization", clerkId: id, deletedAt: deletedAt.getTime() };
    }
    case "organizationMembership.created":
    case "organizationMembership.updated":
    case "organizationMembership.deleted": {
      const membership = parse(membershipData, data);
      const key = {
        clerkId: membership.id,
        organizationId: membership.organization.id,
        userId: membership.public_user_data.user_id,
      };
      if (type === "organizationMembership.deleted")
        return { kind: "tombstoneMembership", membership: key, deletedAt: deletedAt.getTime() };
      return {
        kind: "upsertMembership",
        membership: { ...key, role: membership.role, updatedAt: membership.updated_at },
      };
    }
  }
}

/** Writes one change by the sync's rules (last writer wins on Clerk's updated_at, tombstones final). */
export function applySyncChange(db: Database, change: SyncChange): Promise<SyncOutcome> {
  switch (change.kind) {
    case "upsertUser":
      return upsertUser(db, { ...change.user, updatedAt: new Date(change.user.updatedAt) });
    case "tombstoneUser":
      return tombstoneUser(db, change.clerkId, new Date(change.deletedAt));
    case "upsertOrganization":
      return upsertOrganization(db, {
        ...change.organization,
        updatedAt: new Date(change.organization.updatedAt),
      });
    case "tombstoneOrganization":
      return tombstoneOrganization(db, change.clerkId, new Date(change.deletedAt));
    case "upsertMembership":
      return upsertMembership(db, {
        ...change.membership,
        updatedAt: new Date(change.membership.updatedAt),
      });
    case "tombstoneMembership":
      return tombstoneMembership(db, change.membership, new Date(change.deletedAt));
  }
}
