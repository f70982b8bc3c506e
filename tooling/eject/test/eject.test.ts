import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it, onTestFinished } from "vitest";
import { eject, ejectableApps } from "../src/eject.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

// The copy is tested as a user would meet it: no monorepo around it (none of the npm_/pnpm_/turbo
// settings the surrounding pnpm run hands its scripts, such as this workspace's catalogs), no test
// runner's NODE_ENV=test (Vite would build a development bundle), PGlite, no database URL.
const userEnvironment = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !/^(npm_|pnpm_|PNPM_|TURBO_|VITEST|INIT_CWD$|NODE_PATH$|NODE_ENV$|TEST_DATABASE_URL$)/.test(
        name,
      ),
  ),
);

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync("pnpm", args, {
    cwd,
    env: { ...userEnvironment, CI: "true", ...env },
    encoding: "utf8",
    input: "",
    timeout: 720_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe.each(ejectableApps)("pnpm eject %s", (app) => {
  it("writes a project that installs, builds and passes the app's packaging cases on its own", () => {
    const target = mkdtempSync(join(tmpdir(), `crosswalk-eject-${app}-`));
    // Removing a copy's node_modules takes longer than a hook may, so each test removes its own copy.
    onTestFinished(() => rmSync(target, { recursive: true, force: true }), 300_000);
    eject(root, app, `${target}/project`);
    const project = `${target}/project`;

    const manifests = run(project, ["-r", "exec", "cat", "package.json"]).stdout;
    expect(manifests).not.toContain("catalog:");

    const install = run(project, ["install", "--prefer-offline"]);
    expect(install.status, install.stderr + install.stdout).toBe(0);
    // The copy's own command, building it and running the cases its packaging could break; its sources are
    // the app's, which the app's full conformance run covers (the same suite twice on PGlite would double
    // the longest part of CI for nothing).
    const test = run(project, ["test"], { CONFORMANCE_SUBSET: "packaging" });
    expect(test.status, test.stdout.slice(-4000) + test.stderr.slice(-2000)).toBe(0);
    expect(stripVTControlCharacters(test.stdout)).toMatch(/Tests\s+\d+ passed/);
    expect(readFileSync(`${project}/README.md`, "utf8")).toContain("pnpm install && pnpm test");

    // The copy carries the instance commands; without keys the doctor names what is missing, and where from.
    const doctor = run(project, ["clerk:doctor"]);
    expect(doctor.status).toBe(1);
    expect(doctor.stderr).toContain(`keys from apps/${app}/.env (absent)`);
    expect(doctor.stderr).toContain("CLERK_PUBLISHABLE_KEY is required");
  });
});
