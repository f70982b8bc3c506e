import {
  type MembershipState,
  membershipData,
  type OrganizationState,
  organizationData,
  type UserState,
  userData,
} from "@crosswalk/webhooks/testing";
import type { Client, Session, SignIn, SignUp } from "./sessions.ts";

// The Frontend API's objects, in the shape of Clerk's published spec. The user is the Backend API's
// minus what a browser must not see (private metadata), plus the memberships clerk-js reads from it.

export function organizationResource(organization: OrganizationState) {
  const {
    private_metadata: _private,
    created_by: _creator,
    missing_member_with_elevated_permissions: _m,
    ...rest
  } = organizationData(organization);
  return rest;
}

export function membershipResource(membership: MembershipState) {
  const { private_metadata: _private, organization, ...rest } = membershipData(membership);
  return { ...rest, organization: organizationResource(membership.organization) };
}

export function userResource(
  user: UserState,
  memberships: MembershipState[],
  lastSignInAt: number | null,
) {
  // The Frontend API's user has no private metadata and no unset organization limit, and its verified
  // addresses carry the time their code expired.
  const {
    private_metadata: _private,
    create_organizations_limit: _limit,
    email_addresses,
    ...rest
  } = userData(user);
  return {
    ...rest,
    email_addresses: email_addresses.map((address) => ({
      ...address,
      verification: { ...address.verification, expire_at: address.created_at },
    })),
    last_sign_in_at: lastSignInAt,
    organization_memberships: memberships.map(membershipResource),
  };
}

function publicUserData(user: UserState) {
  return {
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: user.imageUrl ?? "",
    has_image: false,
    identifier: user.email ?? user.username ?? user.id,
    user_id: user.id,
  };
}

interface SessionView {
  session: Session;
  user: UserState;
  memberships: MembershipState[];
  lastSignInAt: number | null;
}

export function sessionResource({ session, user, memberships, lastSignInAt }: SessionView) {
  return {
    object: "session",
    id: session.id,
    status: session.status,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_token: session.lastActiveToken
      ? { object: "token", jwt: session.lastActiveToken }
      : null,
    last_active_organization_id: session.activeOrganizationId,
    actor: null,
    tasks: null,
    user: userResource(user, memberships, lastSignInAt),
    public_user_data: publicUserData(user),
    factor_verification_age: [0, -1],
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

const otp = (verification: SignUp["emailVerification"]) =>
  verification && {
    object: "verification_otp",
    status: verification.status,
    strategy: "email_code",
    attempts: verification.attempts,
    expire_at: verification.expireAt,
  };

export function signUpResource(signUp: SignUp) {
  const verified = signUp.emailVerification?.status === "verified";
  const missing = [
    ...(signUp.emailAddress ? [] : ["email_address"]),
    ...(signUp.passwordHash ? [] : ["password"]),
  ];
  return {
    object: "sign_up_attempt",
    id: signUp.id,
    status: signUp.createdUserId ? "complete" : "missing_requirements",
    required_fields: ["email_address", "password"],
    optional_fields: [],
    missing_fields: missing,
    unverified_fields: signUp.emailAddress && !verified ? ["email_address"] : [],
    verifications: {
      email_address: signUp.emailVerification
        ? {
            ...otp(signUp.emailVerification),
            next_action: verified ? "" : "needs_attempt",
            supported_strategies: ["email_code"],
          }
        : null,
      phone_number: null,
      web3_wallet: null,
      external_account: null,
    },
    username: null,
    email_address: signUp.emailAddress,
    phone_number: null,
    web3_wallet: null,
    password_enabled: signUp.passwordHash !== undefined,
    first_name: null,
    last_name: null,
    unsafe_metadata: {},
    public_metadata: {},
    custom_action: false,
    external_id: null,
    created_session_id: signUp.createdSessionId,
    created_user_id: signUp.createdUserId,
    abandon_at: signUp.abandonAt,
    legal_accepted_at: null,
  };
}

export function signInResource(signIn: SignIn, user: UserState | undefined) {
  const emailAddressId = user ? userData(user).primary_email_address_id : null;
  const factors =
    user && emailAddressId
      ? [
          { strategy: "password" },
          {
            strategy: "email_code",
            safe_identifier: user.email,
            email_address_id: emailAddressId,
            primary: true,
          },
        ]
      : [];
  const verification = signIn.firstFactor;
  return {
    object: "sign_in_attempt",
    id: signIn.id,
    status: signIn.createdSessionId ? "complete" : "needs_first_factor",
    supported_identifiers: ["email_address"],
    supported_first_factors: factors,
    supported_second_factors: null,
    first_factor_verification:
      verification === null
        ? null
        : verification.strategy === "password"
          ? {
              object: "verification_password",
              status: verification.status,
              strategy: "password",
              attempts: verification.attempts,
              expire_at: null,
            }
          : {
              object: "verification_otp",
              status: verification.status,
              strategy: "email_code",
              attempts: verification.attempts,
              expire_at: verification.expireAt,
            },
    second_factor_verification: null,
    identifier: signIn.identifier,
    user_data: user
      ? {
          first_name: user.firstName,
          last_name: user.lastName,
          image_url: user.imageUrl ?? "",
          has_image: false,
        }
      : null,
    created_session_id: signIn.createdSessionId,
    abandon_at: signIn.abandonAt,
  };
}

export function clientResource(
  client: Client,
  sessions: ReturnType<typeof sessionResource>[],
  signIn: ReturnType<typeof signInResource> | null,
  signUp: ReturnType<typeof signUpResource> | null,
) {
  return {
    object: "client",
    id: client.id,
    sessions,
    sign_in: signIn,
    sign_up: signUp,
    last_active_session_id: client.lastActiveSessionId,
    last_authentication_strategy: null,
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}
