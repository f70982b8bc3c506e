import { clerkMiddleware } from "@clerk/express";
import type { DatabaseHandle } from "@crosswalk/db";
import {
  corsPolicy,
  frameworkErrorResult,
  notFound,
  refuseUnlistedApiRequests,
} from "@crosswalk/endpoints";
import type { ServerEnv } from "@crosswalk/server-env";
import cors from "cors";
import express, { type ErrorRequestHandler } from "express";
import { createApi, reply } from "./api.ts";
import type { createBackendClient } from "./clerk.ts";
import { claims } from "./routes/api/claims.ts";
import { health } from "./routes/api/health.ts";
import { me } from "./routes/api/me.ts";
import { completeOnboarding } from "./routes/api/onboarding.ts";
import { listMembers } from "./routes/api/org/members.ts";
import { createTask, deleteTask, listTasks } from "./routes/api/org/tasks.ts";
import { getProfile, putProfile } from "./routes/api/profile.ts";
import { clerkWebhook } from "./routes/api/webhooks/clerk.ts";

// Express's own refusals and those of the middleware a copier adds (body-parser's 413, a rate limiter's 429)
// are http-errors, which expose their status; anything else is a 500 logged by name and code.
const errors: ErrorRequestHandler = (error, req, res, _next) =>
  reply(
    res,
    frameworkErrorResult("express", error, error?.expose === true ? error.status : undefined, {
      method: req.method,
      path: req.path,
    }),
  );

/** What the app is built from; server.ts makes them from the environment, so importing this file does nothing. */
export interface AppDependencies {
  env: ServerEnv;
  database: () => Promise<DatabaseHandle>;
  clerkClient: ReturnType<typeof createBackendClient>;
}

export function createApp(deps: AppDependencies) {
  const { env, clerkClient } = deps;
  const api = createApi(deps);
  const app = express();
  app.disable("x-powered-by");
  // #region crosswalk:cors
  // A single-page app on another origin calls this API with a Bearer token; its preflights are answered here,
  // before unlisted methods are refused. An origin that is not an authorized party gets no CORS headers.
  const policy = corsPolicy(env.clerk.authorizedParties);
  app.use(
    cors((req, callback) => {
      const origin = policy.allowedOrigin(req.headers.origin);
      const methods = policy.methods(req.path);
      callback(
        null,
        origin && methods.length > 0
          ? { origin, methods, allowedHeaders: policy.allowedHeaders, maxAge: policy.maxAgeSeconds }
          : { origin: false },
      );
    }),
  );
  // #endregion
  // Unlisted methods and paths, and paths that do not decode, get the contract's JSON before routing.
  app.use(refuseUnlistedApiRequests);

  app.post("/api/webhooks/clerk", clerkWebhook(deps));
  app.get("/api/health", health(api));

  // #region crosswalk:clerk-setup
  app.use(
    clerkMiddleware({
      clerkClient,
      authorizedParties: env.clerk.authorizedParties,
      jwtKey: env.clerk.jwtKey,
    }),
  );
  // #endregion
  app.get("/api/me", me(api));
  app.get("/api/claims", claims(api));
  app.get("/api/profile", getProfile(api));
  app.put("/api/profile", putProfile(api));
  app.post("/api/onboarding/complete", completeOnboarding(api));
  app.get("/api/org/members", listMembers(api));
  app.get("/api/org/tasks", listTasks(api));
  app.post("/api/org/tasks", createTask(api));
  app.delete("/api/org/tasks/:id", deleteTask(api));

  app.use((_req, res) => reply(res, notFound));
  app.use(errors);
  return app;
}
