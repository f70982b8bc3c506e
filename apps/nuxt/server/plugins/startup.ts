import { openOnStart } from "@crosswalk/db";
import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { defineNitroPlugin } from "nitropack/runtime";
import { database } from "../utils/db.ts";
import { env } from "../utils/env.ts";

// Runs when Nitro starts (server.ts's import of the build, or the dev server): a missing or malformed
// variable stops the server here, naming it.
export default defineNitroPlugin(() => {
  const { clerk } = exitOnInvalidEnv(env);
  // @clerk/nuxt reads its keys from Nuxt's run-time config, which Nuxt fills from NUXT_* variables on each
  // request; the contract's names are accepted too.
  process.env.NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY ??= clerk.publishableKey;
  process.env.NUXT_CLERK_SECRET_KEY ??= clerk.secretKey;
  process.env.NUXT_CLERK_API_URL ??= clerk.apiUrl;
  if (clerk.jwtKey) process.env.NUXT_CLERK_JWT_KEY ??= clerk.jwtKey;
  // server.ts opens the database before it listens; the dev server has no such step.
  if (import.meta.dev) openOnStart("nuxt", database);
});
