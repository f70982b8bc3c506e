import type { InstanceConfiguration, PermissionState, RoleState } from "./configuration.ts";
import type { Session } from "./frontend-api/sessions.ts";
import { randomHex } from "./ids.ts";
import type { InstanceKeys } from "./instance.ts";
import { inCreationOrder, paginated } from "./paging.ts";
import { NotFound } from "./state.ts";

/** A Backend API failure with Clerk's status and error code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

/** The Frontend API's sessions, which the Backend API's testing endpoints create and mint tokens for. */
export interface TestSessions {
  startTestSession(userId: string, organizationId: string | undefined): Session;
  findSession(sessionId: string): Session | undefined;
  mint(session: Session, authorizedParty: undefined, lifetimeSeconds?: number): Promise<string>;
}

export interface InstanceApiContext {
  instance: InstanceKeys;
  configuration: InstanceConfiguration;
  sessions: TestSessions;
  /** The Backend API's own origin, standing in for the Svix app portal. */
  apiUrl: string;
}

function permissionData(permission: PermissionState) {
  return {
    object: "permission",
    id: permission.id,
    name: permission.name,
    key: permission.key,
    description: permission.description,
    type: permission.type,
    created_at: permission.createdAt,
    updated_at: permission.updatedAt,
  };
}

function roleData(configuration: InstanceConfiguration, role: RoleState) {
  return {
    object: "role",
    id: role.id,
    name: role.name,
    key: role.key,
    description: role.description,
    is_creator_eligible: true,
    permissions: role.permissionIds
      .map((id) => configuration.permissions.get(id))
      .filter((permission) => permission !== undefined)
      .map(permissionData),
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

function organizationSettingsData(configuration: InstanceConfiguration) {
  return {
    object: "organization_settings",
    enabled: configuration.organizationsEnabled,
    max_allowed_memberships: 5,
    max_allowed_roles: 10,
    max_allowed_domains: 10,
    creator_role: configuration.creatorRole,
    admin_delete_enabled: true,
    domains_enabled: false,
    slug_disabled: false,
    domains_enrollment_modes: [],
    domains_default_role: "org:member",
  };
}

function sessionData(session: Session) {
  return {
    object: "session",
    id: session.id,
    user_id: session.userId,
    client_id: session.clientId,
    status: session.status,
    last_active_organization_id: session.activeOrganizationId,
    last_active_at: session.lastActiveAt,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

const permissionKey = /^org:(?!sys_)[a-z0-9_]+:[a-z0-9_]+$/;
const roleKey = /^org:[a-z0-9_]+$/;

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || !value.trim()) throw new HttpError(422, "form_param_missing");
  return value;
}

/**
 * The instance's settings as the Backend API exposes them: organization settings, roles and permissions,
 * the testing sessions and their tokens, the domains, and the Svix portal's address. Returns undefined for
 * any other path.
 */
export async function instanceRoute(
  context: InstanceApiContext,
  method: string,
  segments: string[],
  query: URLSearchParams,
  readBody: () => Promise<Record<string, unknown>>,
): Promise<unknown> {
  const { configuration } = context;
  const [resource, id, sub, subId] = segments;

  if (resource === "instance" && id === "organization_settings" && !sub) {
    if (method === "PATCH") {
      const body = await readBody();
      if (typeof body.enabled === "boolean") configuration.organizationsEnabled = body.enabled;
    } else if (method !== "GET") return undefined;
    return organizationSettingsData(configuration);
  }

  if (resource === "organization_permissions" && !id) {
    if (method === "GET") {
      return paginated(inCreationOrder(configuration.permissions, query), query, permissionData);
    }
    if (method === "POST") {
      const body = await readBody();
      const key = stringField(body, "key");
      const name = stringField(body, "name");
      if (!permissionKey.test(key)) throw new HttpError(422, "form_param_format_invalid");
      if (configuration.permissionByKey(key)) throw new HttpError(422, "duplicate_record");
      const description = typeof body.description === "string" ? body.description : "";
      return permissionData(configuration.addPermission(key, "user", name, description));
    }
  }

  if (resource === "organization_roles") {
    if (method === "GET" && !id) {
      return paginated(inCreationOrder(configuration.roles, query), query, (role) =>
        roleData(configuration, role),
      );
    }
    if (method === "POST" && !id) {
      const body = await readBody();
      const key = stringField(body, "key");
      const name = stringField(body, "name");
      if (!roleKey.test(key)) throw new HttpError(422, "form_param_format_invalid");
      if (configuration.roleByKey(key)) throw new HttpError(422, "duplicate_record");
      const permissionIds = Array.isArray(body.permissions) ? body.permissions.map(String) : [];
      for (const permissionId of permissionIds)
        if (!configuration.permissions.has(permissionId)) throw new NotFound(permissionId);
      const description = typeof body.description === "string" ? body.description : null;
      return roleData(configuration, configuration.addRole(key, name, description, permissionIds));
    }
    if (method === "POST" && id && sub === "permissions" && subId) {
      const role = configuration.roles.get(id);
      if (!role || !configuration.permissions.has(subId)) throw new NotFound(id);
      if (role.permissionIds.includes(subId)) throw new HttpError(409, "duplicate_record");
      role.permissionIds.push(subId);
      role.updatedAt = Date.now();
      return roleData(configuration, role);
    }
  }

  if (resource === "sessions" && method === "POST") {
    if (!id) {
      // Clerk creates test sessions on development instances only; a production instance answers 400.
      if (context.instance.environment !== "development")
        throw new HttpError(400, "production_instance_not_supported");
      const body = await readBody();
      const organizationId =
        typeof body.active_organization_id === "string" ? body.active_organization_id : undefined;
      return sessionData(
        context.sessions.startTestSession(stringField(body, "user_id"), organizationId),
      );
    }
    if (sub === "tokens" && !subId) {
      const session = context.sessions.findSession(id);
      if (session?.status !== "active") throw new NotFound(id);
      const body = await readBody();
      const lifetime =
        typeof body.expires_in_seconds === "number" ? body.expires_in_seconds : undefined;
      return { object: "token", jwt: await context.sessions.mint(session, undefined, lifetime) };
    }
  }

  if (method === "GET" && resource === "domains" && !id) {
    const frontendApiUrl = `https://${context.instance.frontendApiHost}`;
    return {
      data: [
        {
          object: "domain",
          id: "dmn_crosswalkemulator",
          name: context.instance.frontendApiHost.replace(/^clerk\./, ""),
          is_satellite: false,
          frontend_api_url: frontendApiUrl,
          accounts_portal_url: null,
          proxy_url: null,
          development_origin: "",
          cname_targets: null,
        },
      ],
      total_count: 1,
    };
  }

  if (method === "POST" && resource === "webhooks" && id === "svix_url" && !sub)
    return { svix_url: `${context.apiUrl}/svix-app-portal/login#key=${randomHex(16)}` };

  return undefined;
}
