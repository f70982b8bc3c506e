import { organizationRoles, sessionTokenTemplate } from "@crosswalk/claims";
import { syncedEventTypes } from "@crosswalk/webhooks";
import type { Instance } from "./instance.ts";

/** Every permission some role of `organizationRoles` grants, in order of first appearance. */
export const expectedPermissions = [...new Set(Object.values(organizationRoles).flat())];

/** `org:tasks:read` → "Tasks: read", the name the Dashboard would show. */
export function permissionName(key: string): string {
  const [, feature = "", action = ""] = key.split(":");
  return `${feature.charAt(0).toUpperCase()}${feature.slice(1)}: ${action}`;
}

/** `org:admin` → "Admin". */
export function roleName(key: string): string {
  const name = key.replace(/^org:/, "");
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

export const templateToPaste = [
  "Clerk Dashboard → Configure → Sessions → Customize session token, paste:",
  ...JSON.stringify(sessionTokenTemplate, null, 2).split("\n"),
];

/**
 * Where and how to add the sync route's endpoint. The instance's webhook portal link logs its holder in,
 * where the signing secrets can be read, so it is asked for only to be shown on a terminal, not in a log.
 */
export async function webhookInstructions(
  instance: Instance,
  portalLink: boolean,
): Promise<string[]> {
  const dashboard = "Clerk Dashboard → Configure → Webhooks";
  const portal = portalLink
    ? await instance
        .call((clerk) => clerk.webhooks.generateSvixAuthURL())
        .then(
          (svix) =>
            `the instance's webhook portal (a one-time login link, keep it to yourself): ${svix.svix_url}`,
        )
        .catch(() => dashboard)
    : `${dashboard} (on a terminal, a one-time link to the webhook portal is printed here)`;
  return [
    `In ${portal}`,
    "add an endpoint https://<your host>/api/webhooks/clerk subscribed to",
    `${syncedEventTypes.join(", ")},`,
    "and set CLERK_WEBHOOK_SIGNING_SECRET to its signing secret.",
  ];
}
