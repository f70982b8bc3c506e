// `pnpm dev [--app <dir>]…`: starts every app's dev server, or the ones named. An app with Clerk keys in its .env (or .env.local) uses its
// Clerk instance; the others run against the local Clerk emulator: its Frontend API serves Clerk's own
// sign-in, sign-up and organization components, and a sign-in-as page is a shortcut past them.
import { type ChildProcess, spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { apps as allApps, appUrl, hasClerkKeys, root } from "./apps.ts";
import { offlineEnv, signInHelp, startOfflineClerk } from "./offline-clerk.ts";

const emulatorPort = Number(process.env.EMULATOR_PORT ?? 4010);
const { values } = parseArgs({
  // `pnpm dev -- --app x` hands the separator through; it carries no meaning here.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { app: { type: "string", multiple: true, default: [] } },
});
const unknown = values.app.filter((dir) => !allApps.some((app) => app.dir === dir));
if (unknown.length > 0) {
  console.error(`no such app: ${unknown.join(", ")} (${allApps.map((app) => app.dir).join(", ")})`);
  process.exit(1);
}
const apps =
  values.app.length > 0 ? allApps.filter((app) => values.app.includes(app.dir)) : allApps;

const offline = apps.filter((app) => !hasClerkKeys(app));
// Deliveries wait until the apps answer, so the seed's webhooks reach their databases.
const emulator = offline.length > 0 ? await startOfflineClerk(emulatorPort, offline) : undefined;

// One sign-in cookie serves every app (cookies ignore ports), so each accepts the others' origins.
const localOrigins = offline.map(appUrl).join(",");

const children: ChildProcess[] = apps.map((app) =>
  spawn("pnpm", ["--filter", `@crosswalk/${app.dir}`, "dev"], {
    cwd: root,
    stdio: "inherit",
    detached: true,
    env: {
      ...process.env,
      ...(offline.includes(app) && emulator
        ? { ...offlineEnv(emulator, app), CLERK_AUTHORIZED_PARTIES: localOrigins }
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
if (emulator) console.log(`\n${signInHelp(emulator, emulatorPort)}\n`);

const groupAlive = (child: ChildProcess) => {
  try {
    return child.pid !== undefined && process.kill(-child.pid, 0);
  } catch {
    return false;
  }
};
const signalGroups = (signal: NodeJS.Signals) => {
  for (const child of children.filter(groupAlive)) {
    try {
      process.kill(-(child.pid ?? 0), signal);
    } catch {
      // Gone since we looked.
    }
  }
};

// Waits for every app to exit before the prompt comes back: Next.js writes its development cache on the way
// out (8 s on an idle two-core machine), and one killed halfway reloaded every page in a loop on its next start.
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  signalGroups("SIGTERM");
  const deadline = Date.now() + 30_000;
  while (children.some(groupAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  signalGroups("SIGKILL");
  await emulator?.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
