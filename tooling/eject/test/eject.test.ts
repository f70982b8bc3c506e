import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { eject, ejectableApps } from "../src/eject.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function run(cwd: string, args: string[]) {
  // The copy is tested as a user would meet it: no monorepo around it, PGlite, no database URL.
  const { TEST_DATABASE_URL: _server, INIT_CWD: _cwd, npm_config_dir: _dir, ...env } = process.env;
  return spawnSync("pnpm", args, {
    cwd,
    env: { ...env, CI: "true" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe.each(ejectableApps)("pnpm eject %s", (app) => {
  it("writes a project that installs, builds and passes the app's conformance suite on its own", () => {
    const target = mkdtempSync(join(tmpdir(), `crosswalk-eject-${app}-`));
    folders.push(target);
    eject(root, app, `${target}/project`);
    const project = `${target}/project`;

    const manifests = run(project, ["-r", "exec", "cat", "package.json"]).stdout;
    expect(manifests).not.toContain("catalog:");

    const install = run(project, ["install", "--prefer-offline"]);
    expect(install.status, install.stderr + install.stdout).toBe(0);
    const test = run(project, ["test"]);
    expect(test.status, test.stdout.slice(-4000) + test.stderr.slice(-2000)).toBe(0);
    expect(stripVTControlCharacters(test.stdout)).toMatch(/Tests\s+\d+ passed/);
    expect(readFileSync(`${project}/README.md`, "utf8")).toContain("pnpm install && pnpm test");
  });
});
