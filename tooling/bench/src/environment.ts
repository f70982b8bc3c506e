import { readdirSync, readFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { join } from "node:path";
import type { AppConfig } from "@crosswalk/conformance/harness";
import postgres from "postgres";

interface Manifest {
  version: string;
  packageManager?: string;
  dependencies?: Record<string, string>;
}

const readManifest = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Manifest;

export function machine(): string {
  const [cpu] = cpus();
  const memory = (totalmem() / 1024 ** 3).toFixed(0);
  return `${cpus().length} × ${cpu?.model.trim() ?? "unknown CPU"}, ${memory} GiB, ${type()} ${release()}`;
}

export function toolVersions(root: string): string {
  const pnpm = readManifest(join(root, "package.json")).packageManager ?? "pnpm";
  return `Node ${process.version}, ${pnpm.replace("@", " ")}`;
}

/**
 * The versions installed for the app's own libraries (the framework, its Clerk SDK, React…): its
 * dependencies less the workspace packages and what it declares only because a shared package uses it.
 */
export function appVersions(root: string, app: AppConfig): string {
  const shared = new Set(
    readdirSync(join(root, "packages")).flatMap((dir) =>
      Object.keys(readManifest(join(root, "packages", dir, "package.json")).dependencies ?? {}),
    ),
  );
  const dependencies = Object.keys(readManifest(join(app.dir, "package.json")).dependencies ?? {});
  // A runtime other than Node comes from the app's own devDependency of that name (Bun's npm package).
  const runtime = app.runtime === "node" ? [] : [app.runtime];
  return [
    ...dependencies.filter((name) => !name.startsWith("@crosswalk/") && !shared.has(name)),
    ...runtime,
  ]
    .map(
      (name) =>
        `${name} ${readManifest(join(app.dir, "node_modules", name, "package.json")).version}`,
    )
    .join(", ");
}

export async function databaseVersion(
  root: string,
  serverUrl: string | undefined,
): Promise<string> {
  if (!serverUrl) {
    const pglite = join(
      root,
      "packages",
      "db",
      "node_modules",
      "@electric-sql",
      "pglite",
      "package.json",
    );
    return `embedded PGlite ${readManifest(pglite).version} (each app's own data folder)`;
  }
  const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client<{ server_version: string }[]>`show server_version`;
    return `PostgreSQL ${row?.server_version ?? "?"} server on this machine (a fresh database per run)`;
  } finally {
    await client.end();
  }
}
