import { sql } from "drizzle-orm";
import { date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Clerk timestamps are milliseconds; precision 3 keeps them exact so `updated_at` comparisons are faithful.
const instant = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

/** The order key of a member whose user has no name yet: after every named member. */
export const unnamedMemberOrder = "1";

// Synced copies are keyed by the Clerk id, so a child event can reference a parent that has not arrived yet.
// `clerk_updated_at` is null for a placeholder created by a child event and not yet filled by its own event.
// `deleted_at` marks a tombstone: the row keeps only its id so no late event can bring the entity back.
export const users = pgTable("users", {
  clerkId: text("clerk_id").primaryKey(),
  email: text("email"),
  firstName: text("first_name"),
  lastName: text("last_name"),
  username: text("username"),
  imageUrl: text("image_url"),
  clerkUpdatedAt: instant("clerk_updated_at"),
  deletedAt: instant("deleted_at"),
  syncedAt: instant("synced_at").notNull().defaultNow(),
});

export const userProfiles = pgTable("user_profiles", {
  clerkUserId: text("clerk_user_id")
    .primaryKey()
    .references(() => users.clerkId, { onDelete: "cascade" }),
  birthday: date("birthday", { mode: "string" }),
  country: text("country"),
  bio: text("bio"),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});

export const organizations = pgTable("organizations", {
  clerkId: text("clerk_id").primaryKey(),
  name: text("name"),
  slug: text("slug"),
  imageUrl: text("image_url"),
  clerkUpdatedAt: instant("clerk_updated_at"),
  deletedAt: instant("deleted_at"),
  syncedAt: instant("synced_at").notNull().defaultNow(),
});

export const organizationMemberships = pgTable(
  "organization_memberships",
  {
    clerkId: text("clerk_id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.clerkId, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.clerkId, { onDelete: "cascade" }),
    role: text("role"),
    // The member's place in the organization's member list, kept from the user row (see memberOrderOf in
    // members.ts): a page of 50 out of 10,000 members is then an index range, not a sort of all of them.
    memberOrder: text("member_order").notNull().default(unnamedMemberOrder),
    clerkUpdatedAt: instant("clerk_updated_at"),
    deletedAt: instant("deleted_at"),
    syncedAt: instant("synced_at").notNull().defaultNow(),
  },
  (table) => [
    index("organization_memberships_organization_id_idx").on(table.organizationId),
    index("organization_memberships_user_id_idx").on(table.userId),
    // Byte order ("C"), so the list is the same on every database whatever its default collation.
    index("organization_memberships_member_order_idx")
      .on(
        table.organizationId,
        sql`${table.memberOrder} collate "C"`,
        sql`${table.userId} collate "C"`,
      )
      .where(sql`${table.deletedAt} is null`),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.clerkId, { onDelete: "cascade" }),
    title: text("title").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (table) => [index("tasks_organization_id_idx").on(table.organizationId)],
);

// `invalid`: signed by Clerk but not an event the sync can apply; answered so that Svix stops retrying it.
export const webhookEventStatuses = ["processed", "stale", "ignored", "invalid"] as const;
export type WebhookEventStatus = (typeof webhookEventStatuses)[number];

export const webhookEvents = pgTable(
  "webhook_events",
  {
    svixId: text("svix_id").primaryKey(),
    type: text("type").notNull(),
    status: text("status", { enum: webhookEventStatuses }).notNull(),
    receivedAt: instant("received_at").notNull().defaultNow(),
  },
  // pruneWebhookEvents finds a batch of old ids by it: without it each batch scans the whole table, and
  // at tens of millions of rows one batch outlasts the 5 s statement timeout.
  (table) => [index("webhook_events_received_at_idx").on(table.receivedAt)],
);

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type MembershipRow = typeof organizationMemberships.$inferSelect;
export type ProfileRow = typeof userProfiles.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
