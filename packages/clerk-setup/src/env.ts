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
  if (chosen !== undefined && !apps.includes(chosen))
    throw new Error(`--app ${chosen}: no such app (apps: ${apps.join(", ")})`);
  const file = chosen === undefined ? undefined : join(root, "apps", chosen, ".env");
  const fromFile = file && existsSync(file) ? parseEnv(readFileSync(file, "utf8")) : {};
  const source =
    chosen === undefined
      ? "the process environment (--app <name> reads apps/<name>/.env too)"
      : `apps/${chosen}/.env${file && existsSync(file) ? "" : " (absent)"} and the process environment`;
  return {
    env: parseClerkInstanceEnv({ ...fromFile, ...processEnv }, `${command}, keys from ${source}`),
    source,
  };
}
