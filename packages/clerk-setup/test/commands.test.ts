import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sessionTokenTemplate } from "@crosswalk/claims";
import {
  type ClerkEmulator,
  createInstanceKeys,
  type EmulatorOptions,
  startClerkEmulator,
} from "@crosswalk/clerk-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const doctorCli = fileURLToPath(new URL("../src/doctor-cli.ts", import.meta.url));
const setupCli = fileURLToPath(new URL("../src/setup-cli.ts", import.meta.url));

let folder: string;
beforeAll(() => {
  // A folder with no apps/: the commands read the process environment alone, as in the monorepo.
  folder = mkdtempSync(join(tmpdir(), "crosswalk-clerk-setup-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A command as a user runs it from the repository root, in a log rather than a terminal. */
async function run(cli: string, env: Record<string, string>, args: string[] = [], cwd = folder) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      cwd,
      env: { PATH: process.env.PATH, CLERK_TELEMETRY_DISABLED: "1", ...env },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const emulators: ClerkEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

/** A new Clerk instance as the Dashboard creates one: organizations off, default roles, an empty template. */
async function blankInstance(options: EmulatorOptions = {}) {
  const emulator = await startClerkEmulator({ organizationsEnabled: false, ...options });
  emulators.push(emulator);
  return emulator;
}

const keysOf = (emulator: ClerkEmulator) => ({
  CLERK_PUBLISHABLE_KEY: emulator.env.CLERK_PUBLISHABLE_KEY,
  CLERK_SECRET_KEY: emulator.env.CLERK_SECRET_KEY,
  CLERK_API_URL: emulator.apiUrl,
  CLERK_WEBHOOK_SIGNING_SECRET: emulator.env.CLERK_WEBHOOK_SIGNING_SECRET,
});

/** What the Dashboard holds, to show that a command changed nothing. */
const snapshot = (emulator: ClerkEmulator) =>
  JSON.stringify({
    enabled: emulator.configuration.organizationsEnabled,
    permissions: [...emulator.configuration.permissions.values()],
    roles: [...emulator.configuration.roles.values()],
    users: [...emulator.state.users.keys()],
  });

describe("pnpm clerk:doctor and pnpm clerk:setup against a Clerk instance", () => {
  it("doctor fails on a blank instance and names each missing piece, changing nothing", async () => {
    const emulator = await blankInstance();
    const before = snapshot(emulator);
    const { code, output } = await run(doctorCli, keysOf(emulator));
    expect(code).toBe(1);
    expect(output).toContain(
      "✓ CLERK_SECRET_KEY is accepted; both keys belong to one development instance",
    );
    expect(output).toContain("✗ organizations are off");
    expect(output).toContain(
      "✗ permissions org:tasks:read, org:tasks:create, org:tasks:delete missing",
    );
    expect(output).toContain(
      "✗ role org:admin lacks org:tasks:read, org:tasks:create, org:tasks:delete",
    );
    expect(output).toContain("✗ role org:member lacks org:tasks:read");
    expect(output).toContain("✗ the session token does not carry the template's custom claims");
    expect(output).toContain('"role": "{{user.public_metadata.role}}"');
    expect(output).toContain("✓ CLERK_WEBHOOK_SIGNING_SECRET is well formed");
    expect(output).toContain("5 checks failed: what to do is under each.");
    // The throwaway user is gone again, and nothing else changed.
    expect(snapshot(emulator)).toBe(before);
  });

  it("setup creates what is missing, prints what to paste; with the template pasted, doctor passes", async () => {
    const emulator = await blankInstance();
    const setup = await run(setupCli, keysOf(emulator));
    expect(setup.code).toBe(0);
    expect(setup.output).toContain("+ turn organizations on");
    expect(setup.output).toContain('+ create permission org:tasks:create ("Tasks: create")');
    expect(setup.output).toContain("+ give role org:admin permission org:tasks:delete");
    expect(setup.output).toContain("+ give role org:member permission org:tasks:read");
    expect(setup.output).toContain("Customize session token, paste:");
    expect(setup.output).toContain("/api/webhooks/clerk");
    expect(setup.output).toContain("organizationMembership.deleted");
    expect(emulator.configuration.organizationsEnabled).toBe(true);
    expect(emulator.configuration.tokenPermissions("org:admin")).toEqual([
      "org:tasks:read",
      "org:tasks:create",
      "org:tasks:delete",
    ]);
    expect(emulator.configuration.tokenPermissions("org:member")).toEqual(["org:tasks:read"]);

    // The one step only the Dashboard can do: the template printed above, pasted.
    emulator.configuration.sessionTokenTemplate = sessionTokenTemplate;
    const doctor = await run(doctorCli, keysOf(emulator));
    expect(doctor.output).toContain("✓ organizations are on");
    expect(doctor.output).toContain(
      "✓ role org:admin has org:tasks:read, org:tasks:create, org:tasks:delete",
    );
    expect(doctor.output).toContain(
      "✓ the session token template gives metadata.role and metadata.onboardingComplete",
    );
    expect(doctor.output).toContain(
      "✓ the token's size is within the cookie limits, with the largest organization claims",
    );
    expect(doctor.output).toMatch(/custom claims \(JSON\) \d+ B \(limit 1200\)/);
    expect(doctor.output).toContain("Every check holds.");
    expect(doctor.code).toBe(0);
    for (const secret of [emulator.env.CLERK_SECRET_KEY, emulator.env.CLERK_WEBHOOK_SIGNING_SECRET])
      expect(doctor.output + setup.output).not.toContain(secret);
  });

  it("setup run twice changes nothing the second time; --dry-run changes nothing at all", async () => {
    const emulator = await blankInstance();
    const untouched = snapshot(emulator);
    const dryRun = await run(setupCli, keysOf(emulator), ["--dry-run"]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toContain("Would change (a dry run changes nothing):");
    expect(dryRun.output).toContain("+ turn organizations on");
    expect(snapshot(emulator)).toBe(untouched);

    expect((await run(setupCli, keysOf(emulator))).code).toBe(0);
    const afterFirst = snapshot(emulator);
    const second = await run(setupCli, keysOf(emulator));
    expect(second.code).toBe(0);
    expect(second.output).toContain(
      "nothing: organizations, roles and permissions are as the apps expect",
    );
    expect(second.output).not.toContain("  + ");
    expect(snapshot(emulator)).toBe(afterFirst);
  });

  it("setup creates a role the instance lacks, and doctor reports extra permissions without removing them", async () => {
    const emulator = await blankInstance({
      rolePermissions: { "org:admin": ["org:reports:read"] },
    });
    const member = emulator.configuration.roleByKey("org:member");
    if (member) emulator.configuration.roles.delete(member.id);
    const setup = await run(setupCli, keysOf(emulator));
    expect(setup.output).toContain("+ create role org:member with org:tasks:read");
    emulator.configuration.sessionTokenTemplate = sessionTokenTemplate;
    const doctor = await run(doctorCli, keysOf(emulator));
    expect(doctor.output).toContain("It also has org:reports:read (left as they are).");
    expect(doctor.code).toBe(0);
    expect(emulator.configuration.tokenPermissions("org:admin")).toContain("org:reports:read");
  });

  it("a template without the custom claims is caught on an instance otherwise set up", async () => {
    const emulator = await blankInstance({
      organizationsEnabled: true,
      rolePermissions: {
        "org:admin": ["org:tasks:read", "org:tasks:create", "org:tasks:delete"],
        "org:member": ["org:tasks:read"],
      },
      sessionTokenTemplate: { role: "{{user.public_metadata.role}}" },
    });
    const { code, output } = await run(doctorCli, keysOf(emulator));
    expect(output).toContain("✓ organizations are on");
    expect(output).toContain("✗ the session token does not carry the template's custom claims");
    expect(output).toContain('got {"role":"admin"}');
    expect(code).toBe(1);
  });

  it("a production instance skips the token check and says why and how to check by hand", async () => {
    const emulator = await blankInstance({
      environment: "production",
      organizationsEnabled: true,
      rolePermissions: {
        "org:admin": ["org:tasks:read", "org:tasks:create", "org:tasks:delete"],
        "org:member": ["org:tasks:read"],
      },
    });
    const production = {
      ...keysOf(emulator),
      CLERK_AUTHORIZED_PARTIES: "https://app.crosswalk.example",
    };
    const { code, output } = await run(doctorCli, production);
    expect(output).toContain("a production instance");
    expect(output).toContain(
      "– session token template not checked: Clerk creates test sessions on development instances only",
    );
    expect(output).toContain("/api/claims");
    expect(output).toContain("✓ CLERK_AUTHORIZED_PARTIES lists https://app.crosswalk.example");
    expect(code).toBe(0);
    expect(emulator.state.users.size).toBe(0);

    const unset = await run(doctorCli, { ...keysOf(emulator) });
    expect(unset.output).toContain("✗ CLERK_AUTHORIZED_PARTIES is not set");
    const foreign = await run(doctorCli, {
      ...keysOf(emulator),
      CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
    });
    expect(foreign.output).toContain("✗ CLERK_AUTHORIZED_PARTIES lists http://localhost:3000");
  });

  it("a refused secret key is a clear error naming the variable, never a value", async () => {
    const emulator = await blankInstance();
    const wrongKey = "sk_test_0123456789abcdef0123456789abcdef01234567";
    const env = { ...keysOf(emulator), CLERK_SECRET_KEY: wrongKey };
    for (const cli of [doctorCli, setupCli]) {
      const { code, output } = await run(cli, env);
      expect(code).toBe(1);
      expect(output).toContain(
        "✗ CLERK_SECRET_KEY was refused by the Backend API (401 authentication_invalid",
      );
      expect(output).not.toContain(wrongKey);
      expect(output).not.toContain(emulator.env.CLERK_SECRET_KEY);
    }
    const malformed = await run(doctorCli, { ...keysOf(emulator), CLERK_SECRET_KEY: "not-a-key" });
    expect(malformed.code).toBe(1);
    expect(malformed.output).toContain("CLERK_SECRET_KEY must be a Clerk secret key");
    expect(malformed.output).not.toContain("not-a-key");
  });

  it("keys of two instances, a foreign JWT key and a malformed signing secret each fail their line", async () => {
    const emulator = await blankInstance();
    const other = await blankInstance();
    const { code, output } = await run(doctorCli, {
      ...keysOf(emulator),
      CLERK_PUBLISHABLE_KEY: createInstanceKeys(
        "development",
        "other-instance-11.clerk.accounts.dev",
      ).publishableKey,
      CLERK_JWT_KEY: other.keys.publicKeyPem,
      CLERK_WEBHOOK_SIGNING_SECRET: "whsec_short",
    });
    expect(code).toBe(1);
    expect(output).toContain(
      "✗ CLERK_PUBLISHABLE_KEY belongs to another instance than CLERK_SECRET_KEY",
    );
    expect(output).toContain("✗ CLERK_JWT_KEY is not a signing key of this instance");
    expect(output).toContain(
      "✗ CLERK_WEBHOOK_SIGNING_SECRET must be the endpoint's signing secret",
    );
    expect(output).not.toContain("whsec_short");

    const own = await run(doctorCli, {
      ...keysOf(emulator),
      CLERK_JWT_KEY: emulator.keys.publicKeyPem,
    });
    expect(own.output).toContain(
      `✓ CLERK_JWT_KEY is the instance's signing key (${emulator.keys.kid})`,
    );
  });

  it("deletes the throwaway user when minting its token fails, and says what failed", async () => {
    const emulator = await blankInstance();
    emulator.backend.faults = { status: 500, pathPrefix: "/v1/sessions" };
    const { code, output } = await run(doctorCli, keysOf(emulator));
    expect(output).toContain("✗ could not mint a test token (500 internal_clerk_error");
    expect(code).toBe(1);
    // Created and deleted again: the instance has no user left over.
    expect(
      emulator.backend.requests.filter((r) => r.method === "POST" && r.path === "/v1/users"),
    ).toHaveLength(1);
    expect(emulator.state.users.size).toBe(0);
  });

  it("takes the publishable key under a framework's public name, as the Astro and Nuxt apps do", async () => {
    const emulator = await blankInstance();
    const { CLERK_PUBLISHABLE_KEY, ...rest } = keysOf(emulator);
    const { output } = await run(doctorCli, {
      ...rest,
      PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
    });
    expect(output).toContain(
      "✓ CLERK_SECRET_KEY is accepted; both keys belong to one development instance",
    );
  });

  it("waits out a 429 with its Retry-After and carries on", async () => {
    const emulator = await blankInstance();
    emulator.backend.faults = { status: 429, times: 2, retryAfterSeconds: 3 };
    const { code, output } = await run(doctorCli, keysOf(emulator));
    expect(output).toContain("(the Backend API is busy or rate-limiting: retrying in 3 s)");
    expect(output).toContain("✓ CLERK_SECRET_KEY is accepted");
    expect(output).toContain("✗ organizations are off");
    expect(code).toBe(1);
  });

  it("reads an app's .env as the app does, the process environment winning", async () => {
    const emulator = await blankInstance();
    const root = mkdtempSync(join(tmpdir(), "crosswalk-clerk-setup-app-"));
    try {
      mkdirSync(join(root, "apps", "demo"), { recursive: true });
      writeFileSync(join(root, "apps", "demo", "package.json"), "{}");
      const { CLERK_API_URL, ...fileKeys } = keysOf(emulator);
      writeFileSync(
        join(root, "apps", "demo", ".env"),
        `${Object.entries({ ...fileKeys, CLERK_API_URL: "http://127.0.0.1:9" })
          .map(([name, value]) => `${name}=${value}`)
          .join("\n")}\n`,
      );
      const { output } = await run(doctorCli, { CLERK_API_URL }, ["--app", "demo"], root);
      expect(output).toContain("keys from apps/demo/.env and the process environment");
      expect(output).toContain("✓ CLERK_SECRET_KEY is accepted");
      // An ejected copy has one app, which is the default.
      expect((await run(doctorCli, { CLERK_API_URL }, [], root)).output).toContain(
        "apps/demo/.env",
      );
      expect((await run(doctorCli, {}, ["--app", "nope"], root)).output).toContain(
        "--app nope: no such app (apps: demo)",
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
