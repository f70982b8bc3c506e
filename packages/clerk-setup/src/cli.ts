import { parseArgs } from "node:util";
import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { loadInstanceEnv } from "./env.ts";
import { connect, type Instance } from "./instance.ts";

/** Flags, keys and a connection for `pnpm clerk:doctor` and `pnpm clerk:setup`, run from the repository root. */
export function start(command: string, extraFlags: { "dry-run"?: { type: "boolean" } } = {}) {
  const { values } = parseArgs({
    // `pnpm clerk:doctor -- --app x` hands the separator through; it carries no meaning here.
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: { app: { type: "string" }, ...extraFlags },
  });
  const app = typeof values.app === "string" ? values.app : undefined;
  let loaded: ReturnType<typeof loadInstanceEnv>;
  try {
    loaded = exitOnInvalidEnv(() => loadInstanceEnv(process.cwd(), app, process.env, command));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const instance: Instance = connect(loaded.env, (seconds) =>
    console.log(`  (the Backend API is busy or rate-limiting: retrying in ${seconds} s)`),
  );
  console.log(`${command}: keys from ${loaded.source}, a ${instance.environment} instance\n`);
  return { instance, dryRun: values["dry-run"] === true };
}
