import {
  deletedOrganizationData,
  deletedUserData,
  type MembershipState,
  membershipData,
  type OrganizationState,
  organizationData,
  type UserState,
  userData,
} from "./payloads.ts";

export interface ClerkEvent {
  type: string;
  object: "event";
  data: Record<string, unknown>;
  instance_id: string;
  timestamp: number;
  event_attributes: { http_request: { client_ip: string; user_agent: string } };
}

export const emulatorInstanceId = "ins_2crosswalkemulator000000";

export function clerkEvent(
  type: string,
  data: Record<string, unknown>,
  timestamp = Date.now(),
): ClerkEvent {
  return {
    type,
    object: "event",
    data,
    instance_id: emulatorInstanceId,
    timestamp,
    event_attributes: { http_request: { client_ip: "127.0.0.1", user_agent: "clerk-crosswalk" } },
  };
}

export const events = {
  userCreated: (user: UserState) => clerkEvent("user.created", userData(user), user.updatedAt),
  userUpdated: (user: UserState) => clerkEvent("user.updated", userData(user), user.updatedAt),
  userDeleted: (id: string, at?: number) => clerkEvent("user.deleted", deletedUserData(id), at),
  organizationCreated: (organization: OrganizationState) =>
    clerkEvent("organization.created", organizationData(organization), organization.updatedAt),
  organizationUpdated: (organization: OrganizationState) =>
    clerkEvent("organization.updated", organizationData(organization), organization.updatedAt),
  organizationDeleted: (organization: Pick<OrganizationState, "id" | "slug">, at?: number) =>
    clerkEvent("organization.deleted", deletedOrganizationData(organization), at),
  membershipCreated: (membership: MembershipState) =>
    clerkEvent("organizationMembership.created", membershipData(membership), membership.updatedAt),
  membershipUpdated: (membership: MembershipState) =>
    clerkEvent("organizationMembership.updated", membershipData(membership), membership.updatedAt),
  membershipDeleted: (membership: MembershipState, at?: number) =>
    clerkEvent("organizationMembership.deleted", membershipData(membership), at),
};
