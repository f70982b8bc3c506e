import type { ClerkEmulator } from "@crosswalk/clerk-emulator";
import { type Database, organizationMemberships, users } from "@crosswalk/db";
import { eq } from "drizzle-orm";
import { expect } from "vitest";

/**
 * Clerk's own events for a user who joins an organization and is renamed, each delivered twice and all
 * in reverse order, as a retrying sender can. Resolves with the HTTP status of each of the 8 deliveries
 * and a check of the rows those events must leave.
 */
export async function deliverDuplicatedAndReversed(emulator: ClerkEmulator) {
  const sender = emulator.webhooks;
  sender.configure({ duplicates: 1 });
  sender.hold();
  const user = emulator.state.createUser({ firstName: "Before" });
  const organization = emulator.state.createOrganization({ name: "Delivered Org" });
  emulator.state.addMembership(organization.id, user.id, "org:member");
  emulator.state.updateUser(user.id, { firstName: "After" });
  sender.release("reverse");
  await sender.idle();
  sender.configure({ duplicates: 0 });
  return {
    statuses: sender.deliveries.slice(-8).map((delivery) => delivery.status),
    async expectConverged(db: Database) {
      expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
        { firstName: "After" },
      ]);
      expect(
        await db
          .select()
          .from(organizationMemberships)
          .where(eq(organizationMemberships.userId, user.id)),
      ).toMatchObject([{ organizationId: organization.id, role: "org:member" }]);
    },
  };
}
