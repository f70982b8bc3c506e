import { organizationRoles } from "@crosswalk/claims";
import { expectedPermissions, permissionName, roleName } from "./expected.ts";
import { type Instance, rolesAndPermissions } from "./instance.ts";

export interface Change {
  /** What was (or, in a dry run, would be) changed, one line. */
  text: string;
  apply(): Promise<void>;
}

/**
 * What the instance lacks of what the apps expect and the Backend API can create: organizations turned
 * on, the permissions, the roles, each role's permissions. Nothing is removed or renamed. Each change
 * applies once the ones before it have (a role takes the ids of permissions created before it).
 */
export async function plan(instance: Instance): Promise<Change[]> {
  const settings = await instance.call((clerk) => clerk.instance.getOrganizationSettings());
  const { permissions, roles } = await rolesAndPermissions(instance);
  const ids = new Map(permissions.map((permission) => [permission.key, permission.id]));
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`permission ${key} was not created`);
    return id;
  };
  const changes: Change[] = [];
  if (!settings.enabled)
    changes.push({
      text: "turn organizations on",
      apply: async () => {
        await instance.call((clerk) =>
          clerk.instance.updateOrganizationSettings({ enabled: true }),
        );
      },
    });
  for (const key of expectedPermissions.filter((key) => !ids.has(key)))
    changes.push({
      text: `create permission ${key} ("${permissionName(key)}")`,
      apply: async () => {
        const created = await instance.call((clerk) =>
          clerk.organizationPermissions.createOrganizationPermission({
            key,
            name: permissionName(key),
            description: "Used by the clerk-crosswalk apps' tasks endpoint.",
          }),
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
          await instance.call((clerk) =>
            clerk.organizationRoles.createOrganizationRole({
              key,
              name: roleName(key),
              permissions: expected.map(idOf),
            }),
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
