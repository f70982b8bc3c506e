import type { UserState } from "@crosswalk/webhooks/testing";
import { clerkId } from "./ids.ts";

export interface PermissionState {
  id: string;
  key: string;
  name: string;
  description: string;
  /** Clerk's own `org:sys_…` permissions are `system`; an instance's are `user`. */
  type: "system" | "user";
  createdAt: number;
  updatedAt: number;
}

export interface RoleState {
  id: string;
  key: string;
  name: string;
  description: string | null;
  permissionIds: string[];
  createdAt: number;
  updatedAt: number;
}

/** The permissions a new Clerk instance has and which of its two default roles hold each. */
const systemPermissions: [key: string, roles: string[]][] = [
  ["org:sys_profile:manage", ["org:admin"]],
  ["org:sys_profile:delete", ["org:admin"]],
  ["org:sys_memberships:read", ["org:admin", "org:member"]],
  ["org:sys_memberships:manage", ["org:admin"]],
  ["org:sys_domains:read", ["org:admin"]],
  ["org:sys_domains:manage", ["org:admin"]],
];

export interface ConfigurationOptions {
  organizationsEnabled: boolean;
  /** Sessions → Customize session token: JSON whose `{{user.…}}` shortcodes Clerk fills per user. */
  sessionTokenTemplate: Record<string, unknown>;
  /** Roles beyond Clerk's defaults, or defaults with more permissions: role key → `org:feature:action` keys. */
  rolePermissions: Record<string, string[]>;
  creatorRole: string;
}

const shortcode = /^\{\{\s*user\.([A-Za-z0-9_.]+)\s*\}\}$/;

/** A user as Clerk's template shortcodes see it: the Backend API's field names. */
function templateUser(user: UserState): Record<string, unknown> {
  return {
    id: user.id,
    first_name: user.firstName ?? null,
    last_name: user.lastName ?? null,
    username: user.username ?? null,
    primary_email_address: user.email ?? null,
    image_url: user.imageUrl ?? null,
    public_metadata: user.publicMetadata ?? {},
  };
}

function lookUp(record: unknown, path: string[]): unknown {
  let value = record;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

/** Clerk fills a string that is one shortcode with the value itself, keeping its JSON type. */
function fill(template: unknown, user: Record<string, unknown>): unknown {
  if (typeof template === "string") {
    const path = shortcode.exec(template)?.[1];
    return path ? lookUp(user, path.split(".")) : template;
  }
  if (Array.isArray(template)) return template.map((item) => fill(item, user));
  if (typeof template === "object" && template !== null)
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, fill(value, user)]),
    );
  return template;
}

/**
 * What an instance's owner sets in the Clerk Dashboard and the Backend API can read or change: whether
 * organizations are on, the organization roles and permissions, the session token template.
 */
export class InstanceConfiguration {
  organizationsEnabled: boolean;
  sessionTokenTemplate: Record<string, unknown>;
  creatorRole: string;
  readonly permissions = new Map<string, PermissionState>();
  readonly roles = new Map<string, RoleState>();

  constructor(options: ConfigurationOptions) {
    this.organizationsEnabled = options.organizationsEnabled;
    this.sessionTokenTemplate = options.sessionTokenTemplate;
    this.creatorRole = options.creatorRole;
    for (const [key, roleKeys] of systemPermissions) {
      const permission = this.addPermission(key, "system");
      for (const roleKey of roleKeys) this.roleNamed(roleKey).permissionIds.push(permission.id);
    }
    for (const [roleKey, keys] of Object.entries(options.rolePermissions)) {
      const role = this.roleNamed(roleKey);
      for (const key of keys)
        role.permissionIds.push((this.permissionByKey(key) ?? this.addPermission(key)).id);
    }
  }

  permissionByKey(key: string): PermissionState | undefined {
    return [...this.permissions.values()].find((permission) => permission.key === key);
  }

  roleByKey(key: string): RoleState | undefined {
    return [...this.roles.values()].find((role) => role.key === key);
  }

  addPermission(
    key: string,
    type: PermissionState["type"] = "user",
    name = key,
    description = "",
  ): PermissionState {
    const now = Date.now();
    const permission = {
      id: clerkId("perm"),
      key,
      name,
      description,
      type,
      createdAt: now,
      updatedAt: now,
    };
    this.permissions.set(permission.id, permission);
    return permission;
  }

  addRole(key: string, name: string, description: string | null, permissionIds: string[]) {
    const now = Date.now();
    const role = {
      id: clerkId("role"),
      key,
      name,
      description,
      permissionIds,
      createdAt: now,
      updatedAt: now,
    };
    this.roles.set(role.id, role);
    return role;
  }

  /** The `org:feature:action` permissions a role puts in a session token: Clerk leaves its system ones out. */
  tokenPermissions(roleKey: string): string[] {
    return (this.roleByKey(roleKey)?.permissionIds ?? [])
      .map((id) => this.permissions.get(id))
      .filter((permission) => permission?.type === "user")
      .map((permission) => permission?.key ?? "");
  }

  /** The custom claims the session token template gives this user. */
  sessionClaims(user: UserState): Record<string, unknown> {
    return fill(this.sessionTokenTemplate, templateUser(user)) as Record<string, unknown>;
  }

  private roleNamed(key: string): RoleState {
    const name = key.replace(/^org:/, "").replace(/^./, (first) => first.toUpperCase());
    return this.roleByKey(key) ?? this.addRole(key, name, null, []);
  }
}
