import { organizationRoles, sessionTokenTemplate } from "@crosswalk/claims";
import { type ClerkEmulator, createSignInAs, startClerkEmulator } from "@crosswalk/clerk-emulator";
import { type App, appUrl, pageSdkOfApp } from "./apps.ts";

/** The seeded users' password: sign in with it through <SignIn/>. */
export const seedPassword = "crosswalk-demo";

/**
 * The local Clerk the offline apps share: a development instance set up as the README tells a real one
 * to be (the session token template, the organization roles), seeded with an organization, an admin and
 * a member, and the sign-in-as shortcut for the given apps. Deliveries are held until `release()`.
 */
export async function startOfflineClerk(port: number, apps: App[]): Promise<ClerkEmulator> {
  const emulator = await startClerkEmulator({
    port,
    // Development keys, as a new Clerk application has: the dev browser handshake runs as in Clerk.
    environment: "development",
    webhookUrls: apps.map((app) => `${appUrl(app)}/api/webhooks/clerk`),
    rolePermissions: organizationRoles,
    sessionTokenTemplate,
    // Clerk would mail these; a `+clerk_test` address needs none (its code is 424242).
    onEmailCode: (emailAddress, code) =>
      console.log(`[clerk-emulator] verification code for ${emailAddress}: ${code}`),
  });
  emulator.webhooks.hold();
  const organization = emulator.state.createOrganization({
    name: "Crosswalk Demo",
    slug: "crosswalk-demo",
  });
  const seed = [
    { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", role: "admin" },
    { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", role: "member" },
  ];
  for (const { role, ...name } of seed) {
    const user = emulator.state.createUser({ ...name, publicMetadata: { role } });
    const organizationRole = `org:${role}`;
    emulator.state.addMembership(
      organization.id,
      user.id,
      organizationRole,
      organizationRoles[organizationRole],
    );
    emulator.frontend.sessions.setPassword(user.id, seedPassword);
  }
  emulator.backend.pages.push(
    createSignInAs({
      state: emulator.state,
      apps: apps.map((app) => ({ name: app.name, url: appUrl(app) })),
      startSession: (userId, origin) => emulator.frontend.signInAs(userId, origin),
      endSessions: (tokens) => emulator.frontend.signOutDevBrowsers(tokens),
    }),
  );
  return emulator;
}

/** What an app needs to use the emulator: its keys, and where its SDK finds the Frontend API. */
export function offlineEnv(emulator: ClerkEmulator, app: App): Record<string, string> {
  const sdk = pageSdkOfApp(app);
  return { ...emulator.env, ...(sdk ? emulator.frontendEnv(sdk) : {}) };
}

/** How to sign in offline, for the console. */
export function signInHelp(emulator: ClerkEmulator, port: number): string {
  const seeded = [...emulator.state.users.values()].map(
    (user) => `    ${(user.email ?? "").padEnd(20)} password ${seedPassword}`,
  );
  return [
    "  Offline Clerk: sign up on any app's /sign-up (an address with +clerk_test takes code 424242;",
    "  other codes are printed here), or sign in as a seeded user:",
    ...seeded,
    `  Shortcut past the form: http://localhost:${port}/sign-in-as`,
  ].join("\n");
}
