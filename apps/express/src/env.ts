import { EnvError, parseServerEnv } from "@crosswalk/server-env";

function load() {
  try {
    return parseServerEnv(process.env, {
      framework: "express",
      defaultPort: 3002,
      defaultPgliteDataDir: ".data/pglite",
    });
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

export const env = load();
