import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type ClerkEmulator, startClerkEmulator } from "@crosswalk/clerk-emulator";
import { createDatabase, organizationMemberships, organizations, users } from "@crosswalk/db";
import { isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

/** `pnpm reconcile` as an operator runs it, in a log rather than a terminal. */
async function runCli(env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("pnpm reconcile", () => {
  let folder: string;
  let ours: ClerkEmulator;
  let theirs: ClerkEmulator;
  let small: ClerkEmulator;
  const envFor = (emulator: ClerkEmulator, database = "pglite") => ({
    CLERK_SECRET_KEY: emulator.env.CLERK_SECRET_KEY,
    CLERK_API_URL: emulator.apiUrl,
    PGLITE_DATA_DIR: join(folder, database),
  });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "crosswalk-reconcile-cli-"));
    ours = await startClerkEmulator();
    theirs = await startClerkEmulator();
    const organization = ours.state.createOrganization({ name: "Ours" });
    for (let index = 0; index < 1_200; index += 1)
      ours.state.addMembership(organization.id, ours.state.createUser().id);
    for (let index = 0; index < 30; index += 1) theirs.state.createUser();
    small = await startClerkEmulator();
    const team = small.state.createOrganization({ name: "Small" });
    for (let index = 0; index < 3; index += 1)
      small.state.addMembership(team.id, small.state.createUser().id);
  });
  afterAll(async () => {
    await small?.close();
    await ours?.close();
    await theirs?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const liveCounts = async () => {
    const database = createDatabase({ dataDir: join(folder, "pglite") });
    try {
      await database.migrate();
      return {
        users: (await database.db.select().from(users).where(isNull(users.deletedAt))).length,
        memberships: (
          await database.db
            .select()
            .from(organizationMemberships)
            .where(isNull(organizationMemberships.deletedAt))
        ).length,
      };
    } finally {
      await database.close();
    }
  };

  it("prints what a dry run would change, and writes nothing", async () => {
    const run = await runCli(envFor(ours), ["--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dry run in [\d.]+ s, nothing written\. A run would change:$/m);
    expect(run.stdout).toContain("  users: 1200 listed, 1200 to write, 0 to tombstone");
    expect(run.stdout).toContain("  organizations: 1 listed, 1 to write, 0 to tombstone");
    expect(run.stdout).toContain("  memberships: 1200 listed, 1200 to write, 0 to tombstone");
    // Plain progress lines in a log: the last page of each listing.
    expect(run.stderr).toMatch(/page 3: 1200\/1200 users, \d+\/s, ETA 0 s/);
    expect(await liveCounts()).toEqual({ users: 0, memberships: 0 });
  });

  it("reconciles, then stops with exit 2 before writing when the key is another instance's", async () => {
    const run = await runCli(envFor(ours));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  memberships: 1200 listed, 1200 written, 0 tombstoned");
    expect(await liveCounts()).toEqual({ users: 1_200, memberships: 1_200 });

    const refused = await runCli(envFor(theirs));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "1200 of the 1200 live users in the database are not in this Clerk instance (at most 60 may go in one run)",
    );
    expect(refused.stderr).toContain("1200 of the 1200 live memberships");
    expect(refused.stderr).toContain("--allow-mass-tombstone");
    expect(refused.stderr).not.toContain(theirs.env.CLERK_SECRET_KEY);
    expect(await liveCounts()).toEqual({ users: 1_200, memberships: 1_200 });
  });

  it("stops with exit 2 before writing when a database of 3 users shares none of them with the instance", async () => {
    const copy = async () => {
      const database = createDatabase({ dataDir: join(folder, "small") });
      try {
        await database.migrate();
        return {
          users: await database.db.select().from(users).orderBy(users.clerkId),
          organizations: await database.db.select().from(organizations),
          memberships: await database.db
            .select()
            .from(organizationMemberships)
            .orderBy(organizationMemberships.clerkId),
        };
      } finally {
        await database.close();
      }
    };
    expect((await runCli(envFor(small, "small"))).code).toBe(0);
    const before = await copy();
    expect(
      [before.users, before.organizations, before.memberships].map((rows) => rows.length),
    ).toEqual([3, 1, 3]);

    const refused = await runCli(envFor(theirs, "small"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "None of the 3 live users in the database is in this Clerk instance.",
    );
    expect(refused.stderr).toContain("None of the 1 live organizations");
    expect(refused.stderr).toContain("None of the 3 live memberships");
    expect(refused.stderr).toContain("CLERK_SECRET_KEY");
    expect(refused.stderr).toContain("--allow-mass-tombstone");
    expect(refused.stderr).not.toContain(theirs.env.CLERK_SECRET_KEY);
    expect(await copy()).toEqual(before);
  });
});
