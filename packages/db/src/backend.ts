import type { SyncedMembership, SyncedOrganization, SyncedUser } from "./sync.ts";

// The fields of the Backend API's resources (as @clerk/backend returns them) that the synced copy keeps.

export interface BackendUser {
  id: string;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  imageUrl: string | null;
  updatedAt: number;
  primaryEmailAddress: { emailAddress: string } | null;
}

export interface BackendOrganization {
  id: string;
  name: string;
  slug: string | null;
  imageUrl: string | null;
  updatedAt: number;
}

export interface BackendMembership {
  id: string;
  role: string;
  updatedAt: number;
  organization: { id: string };
  publicUserData?: { userId: string } | null | undefined;
}

export function syncedUserFromBackend(user: BackendUser): SyncedUser {
  return {
    clerkId: user.id,
    email: user.primaryEmailAddress?.emailAddress ?? null,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    imageUrl: user.imageUrl,
    updatedAt: new Date(user.updatedAt),
  };
}

export function syncedOrganizationFromBackend(
  organization: BackendOrganization,
): SyncedOrganization {
  return {
    clerkId: organization.id,
    name: organization.name,
    slug: organization.slug,
    imageUrl: organization.imageUrl,
    updatedAt: new Date(organization.updatedAt),
  };
}

/** Null without `public_user_data` (optional in the SDK's type): there is no user to hang it on. */
export function syncedMembershipFromBackend(
  membership: BackendMembership,
): SyncedMembership | null {
  const userId = membership.publicUserData?.userId;
  if (!userId) return null;
  return {
    clerkId: membership.id,
    organizationId: membership.organization.id,
    userId,
    role: membership.role,
    updatedAt: new Date(membership.updatedAt),
  };
}
