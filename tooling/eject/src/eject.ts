import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse, stringify } from "yaml";

export const ejectableApps = [
  "nextjs",
  "remix",
  "express",
  "tanstack-start",
  "react-router",
  "fastify",
  "hono",
  "astro",
  "nuxt",
] as const;
export type EjectableApp = (typeof ejectableApps)[number];

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const leftBehind = new Set([
  "node_modules",
  ".next",
  ".astro",
  ".nuxt",
  ".output",
  "build",
  "dist",
  ".data",
  ".turbo",
  ".env",
  ".env.local",
]);

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}

function workspacePackages(root: string): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(root, group))) {
      const dir = join(root, group, entry);
      if (existsSync(join(dir, "package.json"))) dirs.set(readManifest(dir).name, dir);
    }
  }
  return dirs;
}

/** The operator commands every copy carries besides its app's own packages. */
const commandPackages = ["@crosswalk/clerk-setup"];

/**
 * The app's workspace dependencies, transitively (runtime and the conformance suite it is tested with),
 * and the command packages with theirs.
 */
function neededPackages(start: Manifest, dirs: Map<string, string>): Map<string, string> {
  const needed = new Map<string, string>();
  const visit = (manifest: Manifest) => {
    for (const [name, spec] of Object.entries({
      ...manifest.dependencies,
      ...manifest.devDependencies,
    })) {
      if (!spec.startsWith("workspace:") || needed.has(name)) continue;
      const dir = dirs.get(name);
      if (!dir) throw new Error(`${name} is not a package of this workspace`);
      needed.set(name, dir);
      visit(readManifest(dir));
    }
  };
  visit(start);
  for (const name of commandPackages) {
    const dir = dirs.get(name);
    if (!dir) throw new Error(`${name} is not a package of this workspace`);
    needed.set(name, dir);
    visit(readManifest(dir));
  }
  return needed;
}

/** `catalog:` and `catalog:<name>` become the versions pnpm-workspace.yaml pins. */
function resolveCatalogs(manifest: Manifest, workspace: WorkspaceFile): Manifest {
  const resolve = (deps: Record<string, string> | undefined) =>
    deps &&
    Object.fromEntries(
      Object.entries(deps).map(([name, spec]) => {
        if (!spec.startsWith("catalog:")) return [name, spec];
        const catalogName = spec.slice("catalog:".length);
        const version = catalogName
          ? workspace.catalogs?.[catalogName]?.[name]
          : workspace.catalog?.[name];
        if (!version) throw new Error(`no catalog version for ${name} (${spec})`);
        return [name, String(version)];
      }),
    );
  return {
    ...manifest,
    dependencies: resolve(manifest.dependencies),
    devDependencies: resolve(manifest.devDependencies),
  };
}

interface WorkspaceFile {
  catalog?: Record<string, string>;
  catalogs?: Record<string, Record<string, string>>;
  onlyBuiltDependencies?: string[];
  packageExtensions?: Record<string, unknown>;
}

function copyPackage(from: string, to: string, workspace: WorkspaceFile) {
  cpSync(from, to, { recursive: true, filter: (source) => !leftBehind.has(basename(source)) });
  const manifest = resolveCatalogs(readManifest(to), workspace);
  writeFileSync(join(to, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

function otherRuntimeStartScripts(app: Manifest): string[] {
  return Object.keys(app.scripts ?? {}).filter((script) => script.startsWith("start:"));
}

function readme(app: Manifest, folder: string, port: string): string {
  const production = app.scripts?.build ? "pnpm build && pnpm start" : "pnpm start";
  const otherRuntimes = otherRuntimeStartScripts(app)
    .map(
      (script) =>
        `\n${`pnpm ${script}`.padEnd(38)}# production, on ${script.slice("start:".length)}`,
    )
    .join("");
  return `# ${app.name.replace("@crosswalk/", "")} — ejected from clerk-crosswalk

${app.description ?? ""}

This project was written by \`pnpm eject\` in the clerk-crosswalk monorepo: the app in \`apps/${folder}\` and the
shared packages it uses in \`packages/\`, as a pnpm workspace with every version pinned. The app's own
README (\`apps/${folder}/README.md\`) explains what it shows.

## Run

\`\`\`sh
pnpm install
cp .env.example apps/${folder}/.env   # then fill in your Clerk keys
pnpm dev                              # development, on port ${port}
${production.padEnd(38)}# production${otherRuntimes}
\`\`\`

Your own Clerk instance: put its keys in \`apps/${folder}/.env\`, run \`pnpm clerk:setup\` (it turns organizations
on and creates the roles and permissions the app expects, and prints the session token template to paste
and the webhook endpoint to add), then \`pnpm clerk:doctor\`, which checks all of it and exits 0 when every
check holds.

Queue mode: with \`REDIS_URL\` (and a Postgres \`DATABASE_URL\`) set, the sync route verifies and enqueues each
delivery and answers \`202 queued\`; \`pnpm worker\`, given the same two variables and
\`CLERK_WEBHOOK_SIGNING_SECRET\`, checks each job's signature and applies it.

## Test

\`\`\`sh
pnpm install && pnpm test
\`\`\`

runs the contract's conformance suite (\`packages/conformance\`) against the production build, with a
local Clerk emulator (\`packages/clerk-emulator\`) standing in for Clerk's servers and an embedded PGlite
database; set \`TEST_DATABASE_URL=postgres://…\` to run it on a Postgres server too (and
\`TEST_REDIS_URL=redis://…\` for queue mode).
`;
}

interface LockedDependency {
  specifier: string;
  version: string;
}
type LockedImporter = Record<string, Record<string, LockedDependency>>;

/**
 * The monorepo's lockfile cut down to the copied folders (the copy keeps their paths), with catalog
 * specifiers replaced by the versions they stood for: the copy installs exactly what was tested here,
 * and a frozen install (pnpm's default under CI) accepts it.
 */
function ejectedLockfile(
  root: string,
  workspace: WorkspaceFile,
  folders: string[],
  rootDevDependencies: Record<string, string>,
) {
  const lockfile = parse(readFileSync(join(root, "pnpm-lock.yaml"), "utf8")) as {
    catalogs?: unknown;
    importers: Record<string, LockedImporter>;
  };
  const resolve = (name: string, specifier: string) =>
    specifier.startsWith("catalog:")
      ? String(
          specifier === "catalog:"
            ? workspace.catalog?.[name]
            : workspace.catalogs?.[specifier.slice("catalog:".length)]?.[name],
        )
      : specifier;
  const importers: Record<string, LockedImporter> = {};
  for (const folder of folders) {
    const importer = lockfile.importers[folder];
    if (!importer) throw new Error(`pnpm-lock.yaml has no entry for ${folder}`);
    importers[folder] = Object.fromEntries(
      Object.entries(importer).map(([group, deps]) => [
        group,
        Object.fromEntries(
          Object.entries(deps).map(([name, locked]) => [
            name,
            { ...locked, specifier: resolve(name, locked.specifier) },
          ]),
        ),
      ]),
    );
  }
  const rootLocked = lockfile.importers["."]?.devDependencies ?? {};
  importers["."] = {
    devDependencies: Object.fromEntries(
      Object.entries(rootDevDependencies).map(([name, version]) => [
        name,
        { specifier: version, version: rootLocked[name]?.version ?? version },
      ]),
    ),
  };
  const { catalogs: _catalogs, ...rest } = lockfile;
  return { ...rest, importers };
}

/** Writes `app` and the packages it uses into `target` as a standalone pnpm workspace. */
export function eject(root: string, folder: EjectableApp, target: string): void {
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new Error(`${target} is not empty`);
  const workspace = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as WorkspaceFile;
  const rootManifest = readManifest(root) as Manifest & {
    packageManager: string;
    engines: unknown;
  };
  const appDir = join(root, "apps", folder);
  const app = readManifest(appDir);
  const packages = neededPackages(app, workspacePackages(root));

  mkdirSync(join(target, "apps"), { recursive: true });
  copyPackage(appDir, join(target, "apps", folder), workspace);
  for (const dir of packages.values())
    copyPackage(dir, join(target, "packages", basename(dir)), workspace);
  for (const file of [
    "tsconfig.base.json",
    "biome.json",
    ".gitignore",
    ".node-version",
    ".npmrc",
  ]) {
    cpSync(join(root, file), join(target, file));
  }
  cpSync(join(appDir, ".env.example"), join(target, ".env.example"));

  const filter = `--filter ${app.name}`;
  const hasBuild = Boolean(app.scripts?.build);
  // `start:bun` and the like: the app's production start on another runtime it is tested on.
  const otherRuntimeStarts = otherRuntimeStartScripts(app);
  const manifest = {
    name: `${app.name.replace("@crosswalk/", "")}-app`,
    private: true,
    type: "module",
    packageManager: rootManifest.packageManager,
    engines: rootManifest.engines,
    scripts: {
      dev: `pnpm ${filter} dev`,
      ...(hasBuild ? { build: `pnpm ${filter} build` } : {}),
      start: `pnpm ${filter} start`,
      ...Object.fromEntries(
        otherRuntimeStarts.map((script) => [script, `pnpm ${filter} ${script}`]),
      ),
      worker: "node packages/sync-queue/src/cli.ts",
      "db:prune-events": "node packages/db/src/cli/prune-events.ts",
      "clerk:doctor": "node packages/clerk-setup/src/doctor-cli.ts",
      "clerk:setup": "node packages/clerk-setup/src/setup-cli.ts",
      typecheck: "pnpm -r typecheck",
      test: `${hasBuild ? `pnpm ${filter} build && ` : ""}pnpm ${filter} test:conformance && pnpm ${filter} test:conformance:services`,
    },
    devDependencies: resolveCatalogs(
      { name: "root", devDependencies: { "@biomejs/biome": "catalog:", typescript: "catalog:" } },
      workspace,
    ).devDependencies,
  };
  writeFileSync(join(target, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const lockfile = ejectedLockfile(
    root,
    workspace,
    [`apps/${folder}`, ...[...packages.values()].map((dir) => `packages/${basename(dir)}`)],
    manifest.devDependencies ?? {},
  );
  writeFileSync(join(target, "pnpm-lock.yaml"), stringify(lockfile));
  // The lockfile records the workspace's overrides (catalog versions resolved) and a checksum of its
  // package extensions; a frozen install refuses a lockfile whose settings the workspace file does not repeat.
  const overrides = (lockfile as { overrides?: Record<string, string> }).overrides;
  writeFileSync(
    join(target, "pnpm-workspace.yaml"),
    stringify({
      packages: ["apps/*", "packages/*"],
      onlyBuiltDependencies: workspace.onlyBuiltDependencies ?? [],
      ...(overrides ? { overrides } : {}),
      ...(workspace.packageExtensions ? { packageExtensions: workspace.packageExtensions } : {}),
    }),
  );
  const port =
    /default port \*\*(\d+)\*\*/i.exec(readFileSync(join(appDir, "README.md"), "utf8"))?.[1] ?? "";
  writeFileSync(join(target, "README.md"), readme(app, folder, port));
}
