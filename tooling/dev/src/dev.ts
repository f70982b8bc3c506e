// `pnpm dev`: starts every app's dev server. An app with Clerk keys in its .env (or .env.local) uses its
// Clerk instance; the others run against the local Clerk emulator, which also serves a sign-in-as page.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sessionTokenTemplate } from "@crosswalk/claims";
import { resolveTemplate } from "@crosswalk/claims/budget";
import { createSignInAs, startClerkEmulator } from "@crosswalk/clerk-emulator";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 4010);
const apps = [
  { dir: "nextjs", name: "Next.js", port: 3000 },
  { dir: "remix", name: "Remix", port: 3001 },
  { dir: "express", name: "Express (API only)", port: 3002 },
  { dir: "tanstack-start", name: "TanStack Start", port: 3003 },
  { dir: "react-router", name: "React Router", port: 3004 },
];
const taskPermissions = {
  admin: ["org:tasks:read", "org:tasks:create", "org:tasks:delete"],
  member: ["org:tasks:read"],
};

function hasClerkKeys(dir: string): boolean {
  return [".env", ".env.local"].some((file) => {
    const path = join(root, "apps", dir, file);
    return (
      existsSync(path) &&
      /^CLERK_SECRET_KEY=["']?sk_(test|live)_[A-Za-z0-9]/m.test(readFileSync(path, "utf8"))
    );
  });
}

const offline = apps.filter((app) => !hasClerkKeys(app.dir));
const emulator =
  offline.length > 0
    ? await startClerkEmulator({
        port: emulatorPort,
        // Production-style keys: no dev-browser handshake with a Frontend API that is not here.
        environment: "production",
        webhookUrls: offline.map((app) => `http://localhost:${app.port}/api/webhooks/clerk`),
      })
    : undefined;

if (emulator) {
  // Deliveries wait until the apps answer, so the seed's webhooks reach their databases.
  emulator.webhooks.hold();
  const organization = emulator.state.createOrganization({
    name: "Crosswalk Demo",
    slug: "crosswalk-demo",
  });
  const ada = emulator.state.createUser({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    publicMetadata: { role: "admin" },
  });
  const grace = emulator.state.createUser({
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@example.com",
    publicMetadata: { role: "member" },
  });
  emulator.state.addMembership(organization.id, ada.id, "org:admin");
  emulator.state.addMembership(organization.id, grace.id, "org:member");
  emulator.backend.pages = createSignInAs({
    state: emulator.state,
    mint: emulator.mint,
    cookies: emulator.cookies,
    apps: offline.map((app) => ({ name: app.name, url: `http://localhost:${app.port}` })),
    claimsFor: (user) =>
      resolveTemplate(sessionTokenTemplate, user.publicMetadata ?? {}) as Record<string, unknown>,
    organizationFor: (user) => {
      const membership = emulator.state.membershipsOfUser(user.id)[0];
      if (!membership) return undefined;
      const role = membership.role === "org:admin" ? "admin" : "member";
      return {
        id: membership.organization.id,
        slug: membership.organization.slug ?? "",
        role: membership.role,
        permissions: taskPermissions[role],
      };
    },
  });
}

// One sign-in cookie serves every app (cookies ignore ports), so each accepts the others' origins.
const localOrigins = offline.map((app) => `http://localhost:${app.port}`).join(",");

const children: ChildProcess[] = apps.map((app) =>
  spawn("pnpm", ["--filter", `@crosswalk/${app.dir}`, "dev"], {
    cwd: root,
    stdio: "inherit",
    detached: true,
    env: {
      ...process.env,
      ...(offline.includes(app) && emulator
        ? { ...emulator.env, CLERK_AUTHORIZED_PARTIES: localOrigins }
        : {}),
      PORT: String(app.port),
      // Every server here listens on loopback only: the emulator binds 127.0.0.1, the apps' `dev` scripts
      // give Vite 127.0.0.1 and Next `localhost` (its own origin, which Clerk's rewrites must match), and
      // Express's server reads HOST.
      HOST: "127.0.0.1",
    },
  }),
);

async function answers(port: number) {
  try {
    return (await fetch(`http://localhost:${port}/api/health`)).ok;
  } catch {
    return false;
  }
}

const deadline = Date.now() + 180_000;
while (
  Date.now() < deadline &&
  !(await Promise.all(apps.map((app) => answers(app.port)))).every(Boolean)
) {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
emulator?.webhooks.release();

console.log("\nclerk-crosswalk is running:");
for (const app of apps) {
  const mode = offline.includes(app) ? "local Clerk emulator" : "your Clerk instance";
  console.log(`  ${app.name.padEnd(20)} http://localhost:${app.port}   (${mode})`);
}
if (emulator)
  console.log(`\n  Sign in without a Clerk account: http://localhost:${emulatorPort}/sign-in-as\n`);

function stop() {
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  void emulator?.close().finally(() => process.exit(0));
  if (!emulator) process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
