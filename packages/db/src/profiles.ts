import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { type BackendUser, syncedUserFromBackend } from "./backend.ts";
import type { Database } from "./client.ts";
import { userProfiles, users } from "./schema.ts";
import { type SyncOutcome, upsertUser } from "./sync.ts";

export interface ProfileFields {
  birthday: string | null;
  country: string | null;
  bio: string | null;
}

export interface ProfileView {
  user: {
    clerkId: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    imageUrl: string | null;
  };
  profile: ProfileFields;
}

const emptyProfile: ProfileFields = { birthday: null, country: null, bio: null };

/** The synced user and the app's profile, or null while the user's own event has not arrived. */
export async function findProfile(db: Database, clerkId: string): Promise<ProfileView | null> {
  const [row] = await db
    .select({
      clerkId: users.clerkId,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      imageUrl: users.imageUrl,
      birthday: userProfiles.birthday,
      country: userProfiles.country,
      bio: userProfiles.bio,
    })
    .from(users)
    .leftJoin(userProfiles, eq(userProfiles.clerkUserId, users.clerkId))
    .where(
      and(eq(users.clerkId, clerkId), isNull(users.deletedAt), isNotNull(users.clerkUpdatedAt)),
    );
  if (!row) return null;
  const { birthday, country, bio, ...user } = row;
  return { user, profile: { birthday, country, bio } };
}

/** Fills the synced copy from the Backend API when the webhook is late; a newer or deleted row wins. */
export function upsertUserFromBackend(db: Database, user: BackendUser): Promise<SyncOutcome> {
  return upsertUser(db, syncedUserFromBackend(user));
}

/**
 * Writes the given profile fields (absent keys keep their value, null clears) in one transaction.
 * Returns null when the user has no synced row to hang the profile on.
 */
export function updateProfile(
  db: Database,
  clerkId: string,
  patch: Partial<ProfileFields>,
): Promise<ProfileView | null> {
  return db.transaction(async (tx) => {
    // Holds the live user row until commit: a concurrent user.deleted (which updates the row, then removes
    // the profile) waits for this write and removes it, or ran first and this finds a tombstone.
    const [live] = await tx
      .select({ clerkId: users.clerkId })
      .from(users)
      .where(and(eq(users.clerkId, clerkId), isNull(users.deletedAt)))
      .for("share");
    if (!live) return null;
    const current = await findProfile(tx, clerkId);
    if (!current) return null;
    const profile = { ...emptyProfile, ...current.profile, ...patch };
    await tx
      .insert(userProfiles)
      .values({ clerkUserId: clerkId, ...profile })
      .onConflictDoUpdate({
        target: userProfiles.clerkUserId,
        set: { ...profile, updatedAt: new Date() },
      });
    return { user: current.user, profile };
  });
}
