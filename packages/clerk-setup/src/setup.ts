import { organizationRoles } from "@crosswalk/claims";
import { expectedPermissions, permissionName, roleName } from "./expected.ts";
import { type Instance, rolesAndPermissions } from "./instance.ts";

export interface Change {
  /** What was (or, in a dry run, would be) changed, one line. */
  text: string;
  apply(): Promise<void>;
}

/** Organizations turned on, when they are off: roles and permissions are theirs, so this comes first. */
export async function organizationsChange(instance: Instance): Promise<Change | undefined> {
  const settings = await instance.call((clerk) => clerk.instance.getOrganizationSettings());
  if (settings.enabled) return undefined;
  return {
    text: "turn organizations on",
    apply: async () => {
      await instance.call((clerk) => clerk.instance.updateOrganizationSettings({ enabled: true }));
    },
  };
}

/**
 * What the instance lacks of the permissions and roles the apps expect: the permissions, the roles, each
 * role's permissions. Nothing is removed or renamed. Each change applies once the ones before it have (a
 * role takes the ids of permissions created before it).
 */
export async function rolesPlan(instance: Instance): Promise<Change[]> {
  const { permissions, roles } = await rolesAndPermissions(instance);
  const ids = new Map(permissions.map((permission) => [permission.key, permission.id]));
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`permission ${key} was not created`);
    return id;
  };
  const changes: Change[] = [];
  for (const key of expectedPermissions.filter((key) => !ids.has(key)))
    changes.push({
      text: `create permission ${key} ("${permissionName(key)}")`,
      apply: async () => {
        const created = await instance.call(
          (clerk) =>
            clerk.organizationPermissions.createOrganizationPermission({
              key,
              name: permissionName(key),
              description: "Used by the clerk-crosswalk apps' tasks endpoint.",
            }),
          { creates: true },
        );
        ids.set(key, created.id);
      },
    });
  for (const [key, expected] of Object.entries(organizationRoles)) {
    const role = roles.find((candidate) => candidate.key === key);
    if (!role) {
      changes.push({
        text: `create role ${key} with ${expected.join(", ")}`,
        apply: async () => {
          await instance.call(
            (clerk) =>
              clerk.organizationRoles.createOrganizationRole({
                key,
                name: roleName(key),
                permissions: expected.map(idOf),
                // New organizations offer only the roles in the initial role set.
                includeInInitialRoleSet: true,
              }),
            { creates: true },
          );
        },
      });
      continue;
    }
    const held = role.permissions.map((permission) => permission.key);
    for (const permission of expected.filter((key) => !held.includes(key)))
      changes.push({
        text: `give role ${key} permission ${permission}`,
        apply: async () => {
          await instance.call((clerk) =>
            clerk.organizationRoles.assignPermissionToOrganizationRole({
              organizationRoleId: role.id,
              permissionId: idOf(permission),
            }),
          );
        },
      });
  }
  return changes;
}
