import type { WebhookHandler, WebhookResponse } from "../src/index.ts";
import { type SignedDelivery, signEvent } from "../src/testing/index.ts";
import type { MembershipState, OrganizationState, UserState } from "../src/testing/payloads.ts";

export const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export function deliver(
  handler: WebhookHandler,
  delivery: SignedDelivery,
): Promise<WebhookResponse> {
  return handler({ body: delivery.body, headers: { ...delivery.headers } });
}

export function signed(event: unknown, options?: { svixId?: string; timestamp?: Date }) {
  return signEvent(secret, event, options);
}

let sequence = 0;
/** Ids unique within a test run, so cases sharing one database never see each other's rows. */
export function uniqueId(prefix: "user" | "org" | "orgmem"): string {
  sequence += 1;
  return `${prefix}_t${process.pid}x${sequence}`;
}

export function aUser(overrides: Partial<UserState> = {}): UserState {
  return {
    id: uniqueId("user"),
    email: "jane.doe@example.com",
    firstName: "Jane",
    lastName: "Doe",
    username: "jane",
    imageUrl: "https://img.clerk.com/jane",
    createdAt: 1_716_883_200_000,
    updatedAt: 1_716_883_200_000,
    ...overrides,
  };
}

export function anOrganization(overrides: Partial<OrganizationState> = {}): OrganizationState {
  return {
    id: uniqueId("org"),
    name: "Acme Corp",
    slug: "acme-corp",
    imageUrl: null,
    createdAt: 1_716_883_200_000,
    updatedAt: 1_716_883_200_000,
    ...overrides,
  };
}

export function aMembership(
  user: UserState,
  organization: OrganizationState,
  overrides: Partial<MembershipState> = {},
): MembershipState {
  return {
    id: uniqueId("orgmem"),
    role: "org:member",
    organization,
    user,
    createdAt: 1_716_883_200_000,
    updatedAt: 1_716_883_200_000,
    ...overrides,
  };
}
