// Event data shaped like the example payloads of Clerk's webhook spec (webhooks-2025-04-15.yml),
// built from a small state object so a test or the emulator describes only what it cares about.

export interface UserState {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  imageUrl: string | null;
  publicMetadata?: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationState {
  id: string;
  name: string;
  slug: string | null;
  imageUrl: string | null;
  createdBy?: string | null;
  membersCount?: number;
  createdAt: number;
  updatedAt: number;
}

export interface MembershipState {
  id: string;
  role: string;
  permissions?: string[];
  organization: OrganizationState;
  user: UserState;
  createdAt: number;
  updatedAt: number;
}

function emailId(userId: string) {
  return `idn_${userId.slice("user_".length)}`;
}

export function userData(user: UserState) {
  const primaryEmailId = user.email ? emailId(user.id) : null;
  return {
    object: "user",
    id: user.id,
    external_id: null,
    primary_email_address_id: primaryEmailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    profile_image_url: user.imageUrl,
    image_url: user.imageUrl,
    has_image: user.imageUrl !== null,
    public_metadata: user.publicMetadata ?? {},
    private_metadata: null,
    unsafe_metadata: {},
    email_addresses:
      user.email && primaryEmailId
        ? [
            {
              object: "email_address",
              id: primaryEmailId,
              email_address: user.email,
              reserved: false,
              verification: {
                object: "verification_otp",
                status: "verified",
                strategy: "email_code",
                attempts: 1,
                expire_at: null,
              },
              linked_to: [],
              matches_sso_connection: false,
              created_at: user.createdAt,
              updated_at: user.updatedAt,
            },
          ]
        : [],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    password_enabled: true,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    updated_at: user.updatedAt,
    created_at: user.createdAt,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    last_active_at: user.updatedAt,
    legal_accepted_at: null,
  };
}

export function organizationData(organization: OrganizationState) {
  return {
    object: "organization",
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: organization.imageUrl,
    has_image: organization.imageUrl !== null,
    members_count: organization.membersCount ?? 0,
    missing_member_with_elevated_permissions: false,
    pending_invitations_count: 0,
    max_allowed_memberships: 5,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_by: organization.createdBy ?? null,
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
  };
}

export function membershipData(membership: MembershipState) {
  return {
    object: "organization_membership",
    id: membership.id,
    role: membership.role,
    role_name: membership.role === "org:admin" ? "Admin" : "Member",
    permissions: membership.permissions ?? [],
    public_metadata: {},
    private_metadata: {},
    organization: organizationData(membership.organization),
    public_user_data: {
      user_id: membership.user.id,
      first_name: membership.user.firstName,
      last_name: membership.user.lastName,
      profile_image_url: membership.user.imageUrl,
      image_url: membership.user.imageUrl,
      has_image: membership.user.imageUrl !== null,
      identifier: membership.user.email ?? membership.user.username ?? "",
    },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

export function deletedUserData(id: string) {
  return { object: "user", id, deleted: true, external_id: null };
}

export function deletedOrganizationData(organization: Pick<OrganizationState, "id" | "slug">) {
  return { object: "organization", id: organization.id, slug: organization.slug, deleted: true };
}
