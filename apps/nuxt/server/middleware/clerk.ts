import { clerkMiddleware } from "@clerk/nuxt/server";
import { sessionlessPaths } from "@crosswalk/endpoints";
import { defineEventHandler, type EventHandler } from "h3";
import { env } from "../utils/env.ts";

// #region crosswalk:clerk-setup
// Built on the first request, from the validated environment: `nuxt build` loads this module without it.
// The keys reach @clerk/nuxt through Nuxt's run-time config (server/plugins/startup.ts); the rest it is given.
// @clerk/nuxt 3.0.16 ships a copy of h3's types of its own, which TypeScript tells apart from the app's.
let clerk: EventHandler | undefined;
export default defineEventHandler((event) => {
  if (sessionlessPaths.has(event.path.split("?")[0] ?? "/")) return;
  clerk ??= clerkMiddleware({
    jwtKey: env().clerk.jwtKey,
    authorizedParties: env().clerk.authorizedParties,
  }) as unknown as EventHandler;
  return clerk(event);
});
// #endregion
