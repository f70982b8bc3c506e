import { clerkMiddleware } from "@clerk/hono";
import type { DatabaseHandle } from "@crosswalk/db";
import {
  corsPolicy,
  frameworkErrorResult,
  notFound,
  sessionlessPaths,
  toResponse,
  unlistedApiRequest,
} from "@crosswalk/endpoints";
import type { ServerEnv } from "@crosswalk/server-env";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { createApi } from "./api.ts";
import type { createBackendClient } from "./clerk.ts";
import { claims } from "./routes/api/claims.ts";
import { health } from "./routes/api/health.ts";
import { me } from "./routes/api/me.ts";
import { onboarding } from "./routes/api/onboarding.ts";
import { members } from "./routes/api/org/members.ts";
import { tasks } from "./routes/api/org/tasks.ts";
import { profile } from "./routes/api/profile.ts";
import { clerkWebhook } from "./routes/api/webhooks/clerk.ts";

/** What the app is built from; server.ts makes them from the environment, so importing this file does nothing. */
export interface AppDependencies {
  env: ServerEnv;
  database: () => Promise<DatabaseHandle>;
  clerkClient: ReturnType<typeof createBackendClient>;
}

export function createApp(deps: AppDependencies) {
  const { env } = deps;
  const api = createApi(deps);
  const app = new Hono();

  // #region crosswalk:cors
  // A single-page app on another origin calls this API with a Bearer token; its preflights are answered here,
  // before unlisted methods are refused. An origin that is not an authorized party gets no CORS headers.
  const policy = corsPolicy(env.clerk.authorizedParties);
  const corsHeaders = cors({
    origin: (origin) => policy.allowedOrigin(origin) ?? null,
    allowMethods: (_origin, c) => policy.methods(c.req.path),
    allowHeaders: policy.allowedHeaders,
    maxAge: policy.maxAgeSeconds,
  });
  app.use("/api/*", (c, next) =>
    policy.allowedOrigin(c.req.header("origin")) && policy.methods(c.req.path).length > 0
      ? corsHeaders(c, next)
      : next(),
  );
  // #endregion

  // Unlisted methods and paths, and paths that do not decode, get the contract's JSON before routing.
  app.use(async (c, next) => {
    const refusal = unlistedApiRequest(c.req.method, new URL(c.req.url).pathname);
    if (refusal) return toResponse(refusal);
    await next();
  });

  // #region crosswalk:clerk-setup
  const clerk = clerkMiddleware({
    publishableKey: env.clerk.publishableKey,
    secretKey: env.clerk.secretKey,
    jwtKey: env.clerk.jwtKey,
    apiUrl: env.clerk.apiUrl,
    authorizedParties: env.clerk.authorizedParties,
  });
  app.use("/api/*", (c, next) => (sessionlessPaths.has(c.req.path) ? next() : clerk(c, next)));
  // #endregion

  app.route("/", clerkWebhook(deps));
  app.route("/", health(api));
  app.route("/", me(api));
  app.route("/", claims(api));
  app.route("/", profile(api));
  app.route("/", onboarding(api));
  app.route("/", members(api));
  app.route("/", tasks(api));

  app.notFound(() => toResponse(notFound));
  // Hono's own refusals and those of the middleware a copier adds (a validator's 400, a rate limiter's 429)
  // are HTTPExceptions; anything else is a 500 logged by name and code.
  app.onError((error, c) =>
    toResponse(
      frameworkErrorResult(
        "hono",
        error,
        error instanceof HTTPException ? error.status : undefined,
        { method: c.req.method, path: new URL(c.req.url).pathname },
      ),
    ),
  );
  return app;
}
