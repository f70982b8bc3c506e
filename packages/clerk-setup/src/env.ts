import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { type ClerkInstanceEnv, parseClerkInstanceEnv } from "@crosswalk/server-env";

export interface LoadedEnv {
  env: ClerkInstanceEnv;
  /** Where the values came from, for the report's first line. */
  source: string;
}

/** The apps under `root`: one in an ejected copy, all of them in the monorepo. */
function appsIn(root: string): string[] {
  const apps = join(root, "apps");
  return existsSync(apps)
    ? readdirSync(apps).filter((name) => existsSync(join(apps, name, "package.json")))
    : [];
}

/** The files an app reads its environment from, later ones winning: Next.js reads `.env.local` too. */
function envFiles(appDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return manifest.dependencies?.next ? [".env", ".env.local"] : [".env"];
}

/**
 * Reads the keys as the app does: its `.env` (`apps/<app>/.env`), the process environment winning, as
 * with Node's `--env-file`. Without `app`, the only app of an ejected copy; in the monorepo, the process
 * environment alone. Invalid keys stop here with the variable named, never its value.
 */
export function loadInstanceEnv(
  root: string,
  app: string | undefined,
  processEnv: NodeJS.ProcessEnv,
  command: string,
): LoadedEnv {
  const apps = appsIn(root);
  const chosen = app ?? (apps.length === 1 ? apps[0] : undefined);
  if (chosen === undefined) {
    const source = "the process environment (--app <name> reads apps/<name>/.env too)";
    return { env: parseClerkInstanceEnv(processEnv, `${command}, keys from ${source}`), source };
  }
  if (!apps.includes(chosen))
    throw new Error(`--app ${chosen}: no such app (apps: ${apps.join(", ")})`);
  const appDir = join(root, "apps", chosen);
  const files = envFiles(appDir).map((name) => ({ name, path: join(appDir, name) }));
  const fromFiles = Object.assign(
    {},
    ...files
      .filter(({ path }) => existsSync(path))
      .map(({ path }) => parseEnv(readFileSync(path, "utf8"))),
  );
  const named = files.map(
    ({ name, path }) => `apps/${chosen}/${name}${existsSync(path) ? "" : " (absent)"}`,
  );
  const source = `${named.join(", ")} and the process environment`;
  return {
    env: parseClerkInstanceEnv({ ...fromFiles, ...processEnv }, `${command}, keys from ${source}`),
    source,
  };
}
