import type { InstanceConfiguration } from "../configuration.ts";
import type { InstanceKeys } from "../instance.ts";

/** The settings an app sets in the Clerk Dashboard that change what the components offer. */
export interface InstanceSettings {
  applicationName: string;
  /** The app's own pages; Clerk's components link to them. */
  signInUrl: string;
  signUpUrl: string;
  afterSignOutUrl: string;
}

const attribute = (
  enabled: boolean,
  extra: { required?: boolean; firstFactors?: string[]; verifications?: string[] } = {},
) => ({
  enabled,
  required: extra.required ?? false,
  used_for_first_factor: (extra.firstFactors ?? []).length > 0,
  first_factors: extra.firstFactors ?? [],
  used_for_second_factor: false,
  second_factors: [],
  verifications: extra.verifications ?? [],
  verify_at_sign_up: (extra.verifications ?? []).length > 0,
  immutable: false,
});

/**
 * Clerk's default development instance: email address and password, the address verified by a
 * one-time code at sign-up, sign-in by password or by email code; organizations as configured, anyone may
 * create one.
 */
export function environmentResource(
  instance: InstanceKeys,
  settings: InstanceSettings,
  configuration: InstanceConfiguration,
) {
  return {
    auth_config: {
      object: "auth_config",
      id: "aac_crosswalkemulator",
      first_name: "off",
      last_name: "off",
      email_address: "required",
      phone_number: "off",
      username: "off",
      password: "required",
      identification_requirements: [["email_address"]],
      identification_strategies: ["email_address"],
      first_factors: ["email_code", "password"],
      second_factors: [],
      email_address_verification_strategies: ["email_code"],
      single_session_mode: true,
      enhanced_email_deliverability: false,
      test_mode: instance.environment === "development",
      url_based_session_syncing: instance.environment === "development",
      claimed_at: null,
      reverification: false,
      native_settings: {
        object: "native_settings",
        api_enabled: false,
        trusted_device_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_up_enabled: false,
      },
    },
    display_config: {
      object: "display_config",
      id: "display_config_crosswalkemulator",
      instance_environment_type: instance.environment,
      application_name: settings.applicationName,
      theme: {},
      preferred_sign_in_strategy: "password",
      home_url: "/",
      sign_in_url: settings.signInUrl,
      sign_up_url: settings.signUpUrl,
      user_profile_url: "",
      waitlist_url: "",
      oauth_consent_url: "",
      after_sign_in_url: "/dashboard",
      after_sign_up_url: "/dashboard",
      after_sign_out_one_url: settings.afterSignOutUrl,
      after_sign_out_all_url: settings.afterSignOutUrl,
      after_switch_session_url: "/dashboard",
      after_join_waitlist_url: "",
      organization_profile_url: "",
      create_organization_url: "",
      after_leave_organization_url: "/dashboard",
      after_create_organization_url: "/dashboard",
      logo_link_url: "/",
      support_email: null,
      branded: false,
      experimental_force_oauth_first: false,
      clerk_js_version: null,
      show_devmode_warning: false,
      google_one_tap_client_id: null,
      help_url: null,
      privacy_policy_url: null,
      terms_url: null,
      logo_url: null,
      favicon_url: null,
      logo_image: null,
      favicon_image: null,
      captcha_public_key: null,
      captcha_widget_type: null,
      captcha_public_key_invisible: null,
      captcha_provider: null,
      captcha_oauth_bypass: [],
    },
    user_settings: {
      attributes: {
        email_address: attribute(true, {
          required: true,
          firstFactors: ["email_code"],
          verifications: ["email_code"],
        }),
        phone_number: attribute(false),
        username: attribute(false),
        web3_wallet: attribute(false),
        first_name: attribute(false),
        last_name: attribute(false),
        password: attribute(true, { required: true }),
        authenticator_app: attribute(false),
        ticket: attribute(true),
        backup_code: attribute(false),
        passkey: attribute(false),
      },
      social: {},
      saml: { enabled: false },
      enterprise_sso: { enabled: false },
      sign_in: { second_factor: { required: false } },
      sign_up: {
        captcha_enabled: false,
        captcha_widget_type: "smart",
        custom_action_required: false,
        progressive: true,
        mode: "public",
        legal_consent_enabled: false,
      },
      restrictions: {
        allowlist: { enabled: false },
        blocklist: { enabled: false },
        allowlist_blocklist_disabled_on_sign_in: { enabled: false },
        block_email_subaddresses: { enabled: false },
        block_disposable_email_domains: { enabled: false },
      },
      password_settings: {
        disable_hibp: true,
        disable_password_reverification: true,
        min_length: 8,
        max_length: 72,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
        enforce_hibp_on_sign_in: false,
        allowed_special_characters: "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~",
      },
      username_settings: {
        min_length: 4,
        max_length: 64,
        allow_extended_special_characters: false,
        allow_numeric_usernames: false,
      },
      actions: { delete_self: true, create_organization: true, create_organizations_limit: null },
      attack_protection: {
        user_lockout: { enabled: false, max_attempts: 100, duration_in_minutes: 60 },
        pii: { enabled: false },
        email_link: { require_same_client: false },
        enumeration_protection: { enabled: false },
      },
      passkey_settings: {
        allow_autofill: false,
        show_sign_in_button: false,
        satisfies_second_factor: false,
      },
    },
    organization_settings: {
      enabled: configuration.organizationsEnabled,
      max_allowed_memberships: 5,
      actions: { admin_delete: true },
      domains: { enabled: false, enrollment_modes: [], default_role: "org:member" },
      slug: { disabled: false },
      creator_role: configuration.creatorRole,
    },
    fraud_settings: { object: "fraud_settings", native: { device_attestation_mode: "disabled" } },
    commerce_settings: {
      billing: {
        stripe_publishable_key: null,
        organization: { enabled: false, has_paid_plans: false },
        user: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: {
      enabled: false,
      user_api_keys_enabled: false,
      orgs_api_keys_enabled: false,
    },
    protect_config: { loaders: [] },
    client_debug_mode: false,
    partitioned_cookies: false,
    maintenance_mode: false,
  };
}
