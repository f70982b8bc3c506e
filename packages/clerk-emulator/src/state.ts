import {
  type ClerkEvent,
  events,
  type MembershipState,
  type OrganizationState,
  type UserState,
} from "@crosswalk/webhooks/testing";
import { clerkId } from "./ids.ts";
import { ListedMap } from "./paging.ts";

export const defaultImageUrl = "https://img.clerk.com/default-avatar";

export interface NewUser {
  id?: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  imageUrl?: string;
  publicMetadata?: Record<string, unknown>;
}

export interface NewOrganization {
  id?: string;
  name: string;
  slug?: string;
  createdBy?: string | null;
}

type Metadata = Record<string, unknown>;

/** Clerk's metadata merge: nested objects merge, `null` removes a key. */
export function mergeMetadata(current: Metadata, patch: Metadata): Metadata {
  const merged: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (
      typeof value === "object" &&
      !Array.isArray(value) &&
      typeof merged[key] === "object" &&
      merged[key] !== null
    )
      merged[key] = mergeMetadata(merged[key] as Metadata, value as Metadata);
    else merged[key] = value;
  }
  return merged;
}

export class NotFound extends Error {}

/**
 * Clerk's side of the world: users, organizations and memberships, changed through the same operations
 * Clerk offers, each change announced as the webhook event Clerk would send.
 */
export class ClerkState {
  readonly users = new ListedMap<UserState>();
  readonly organizations = new ListedMap<OrganizationState>();
  readonly memberships = new ListedMap<MembershipState>();
  /**
   * The image a user or organization without one gets. Clerk's CDN hosts it; the emulator points it at its own
   * copy once it listens, so an app page showing avatars from the synced copy loads nothing off the machine.
   */
  defaultImageUrl = defaultImageUrl;
  private lastTimestamp = 0;
  private readonly emit: (event: ClerkEvent) => void;

  constructor(emit: (event: ClerkEvent) => void = () => {}) {
    this.emit = emit;
  }

  /** Clerk's clock in milliseconds, strictly increasing so every change has its own `updated_at`. */
  private now(): number {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  getUser(id: string): UserState {
    const user = this.users.get(id);
    if (!user) throw new NotFound(`user ${id}`);
    return user;
  }

  getOrganization(idOrSlug: string): OrganizationState {
    const organization =
      this.organizations.get(idOrSlug) ??
      [...this.organizations.values()].find((o) => o.slug === idOrSlug);
    if (!organization) throw new NotFound(`organization ${idOrSlug}`);
    return organization;
  }

  membershipsOfUser(userId: string): MembershipState[] {
    return [...this.memberships.values()].filter((m) => m.user.id === userId);
  }

  membershipsOfOrganization(organizationId: string): MembershipState[] {
    return [...this.memberships.values()].filter((m) => m.organization.id === organizationId);
  }

  createUser(input: NewUser = {}): UserState {
    const now = this.now();
    const user: UserState = {
      id: input.id ?? clerkId("user"),
      email: input.email === undefined ? `user${this.users.size + 1}@example.com` : input.email,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      username: input.username ?? null,
      imageUrl: input.imageUrl ?? this.defaultImageUrl,
      publicMetadata: input.publicMetadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.users.set(user.id, user);
    this.emit(events.userCreated(user));
    return user;
  }

  updateUser(
    id: string,
    patch: Omit<Partial<UserState>, "id" | "createdAt" | "updatedAt">,
  ): UserState {
    const user: UserState = { ...this.getUser(id), ...patch, updatedAt: this.now() };
    this.users.set(id, user);
    this.refreshMemberships(this.membershipsOfUser(id), (m) => ({ ...m, user }));
    this.emit(events.userUpdated(user));
    return user;
  }

  updateUserMetadata(id: string, patch: { publicMetadata?: Metadata }): UserState {
    const user = this.getUser(id);
    return this.updateUser(id, {
      publicMetadata: mergeMetadata(user.publicMetadata ?? {}, patch.publicMetadata ?? {}),
    });
  }

  /** As in Clerk, a user's memberships are deleted (and announced) before the user. */
  deleteUser(id: string): void {
    this.getUser(id);
    for (const membership of this.membershipsOfUser(id)) this.removeMembership(membership.id);
    this.users.delete(id);
    this.emit(events.userDeleted(id, this.now()));
  }

  createOrganization(input: NewOrganization): OrganizationState {
    const now = this.now();
    const organization: OrganizationState = {
      id: input.id ?? clerkId("org"),
      name: input.name,
      slug: input.slug ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      imageUrl: this.defaultImageUrl,
      createdBy: input.createdBy ?? null,
      membersCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.organizations.set(organization.id, organization);
    this.emit(events.organizationCreated(organization));
    return organization;
  }

  updateOrganization(id: string, patch: { name?: string; slug?: string }): OrganizationState {
    const organization: OrganizationState = {
      ...this.getOrganization(id),
      ...patch,
      updatedAt: this.now(),
    };
    this.organizations.set(organization.id, organization);
    this.refreshMemberships(this.membershipsOfOrganization(organization.id), (m) => ({
      ...m,
      organization,
    }));
    this.emit(events.organizationUpdated(organization));
    return organization;
  }

  deleteOrganization(id: string): void {
    const organization = this.getOrganization(id);
    for (const membership of this.membershipsOfOrganization(organization.id))
      this.removeMembership(membership.id);
    this.organizations.delete(organization.id);
    this.emit(events.organizationDeleted(organization, this.now()));
  }

  addMembership(
    organizationId: string,
    userId: string,
    role = "org:member",
    permissions: string[] = [],
  ): MembershipState {
    const now = this.now();
    const organization = this.countMembers(this.getOrganization(organizationId), +1);
    const membership: MembershipState = {
      id: clerkId("orgmem"),
      role,
      permissions,
      organization,
      user: this.getUser(userId),
      createdAt: now,
      updatedAt: now,
    };
    this.memberships.set(membership.id, membership);
    this.emit(events.membershipCreated(membership));
    return membership;
  }

  updateMembership(id: string, role: string, permissions?: string[]): MembershipState {
    const current = this.memberships.get(id);
    if (!current) throw new NotFound(`membership ${id}`);
    const membership = {
      ...current,
      role,
      permissions: permissions ?? current.permissions,
      updatedAt: this.now(),
    };
    this.memberships.set(id, membership);
    this.emit(events.membershipUpdated(membership));
    return membership;
  }

  removeMembership(id: string): void {
    const membership = this.memberships.get(id);
    if (!membership) throw new NotFound(`membership ${id}`);
    this.memberships.delete(id);
    const organization = this.organizations.get(membership.organization.id);
    if (organization) this.countMembers(organization, -1);
    this.emit(events.membershipDeleted(membership, this.now()));
  }

  private countMembers(organization: OrganizationState, change: number): OrganizationState {
    const counted = { ...organization, membersCount: (organization.membersCount ?? 0) + change };
    this.organizations.set(counted.id, counted);
    return counted;
  }

  private refreshMemberships(
    memberships: MembershipState[],
    update: (m: MembershipState) => MembershipState,
  ) {
    for (const membership of memberships) this.memberships.set(membership.id, update(membership));
  }
}
