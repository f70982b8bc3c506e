import { clerkMiddleware } from "@clerk/express";
import { notFound, refuseUnlistedApiRequests, unexpectedErrorResult } from "@crosswalk/endpoints";
import express, { type ErrorRequestHandler } from "express";
import { reply } from "./api.ts";
import { clerkClient } from "./clerk.ts";
import { env } from "./env.ts";
import { claims } from "./routes/api/claims.ts";
import { health } from "./routes/api/health.ts";
import { me } from "./routes/api/me.ts";
import { completeOnboarding } from "./routes/api/onboarding.ts";
import { createTask, deleteTask, listTasks } from "./routes/api/org/tasks.ts";
import { getProfile, putProfile } from "./routes/api/profile.ts";
import { clerkWebhook } from "./routes/api/webhooks/clerk.ts";

const errors: ErrorRequestHandler = (error, req, res, _next) =>
  reply(res, unexpectedErrorResult("express", error, { method: req.method, path: req.path }));

export function createApp() {
  const app = express();
  app.disable("x-powered-by");
  // Unlisted methods and paths, and paths that do not decode, get the contract's JSON before routing.
  app.use(refuseUnlistedApiRequests);

  app.post("/api/webhooks/clerk", clerkWebhook);
  app.get("/api/health", health);

  // #region crosswalk:clerk-setup
  app.use(
    clerkMiddleware({
      clerkClient,
      authorizedParties: env.clerk.authorizedParties,
      jwtKey: env.clerk.jwtKey,
    }),
  );
  // #endregion
  app.get("/api/me", me);
  app.get("/api/claims", claims);
  app.get("/api/profile", getProfile);
  app.put("/api/profile", putProfile);
  app.post("/api/onboarding/complete", completeOnboarding);
  app.get("/api/org/tasks", listTasks);
  app.post("/api/org/tasks", createTask);
  app.delete("/api/org/tasks/:id", deleteTask);

  app.use((_req, res) => reply(res, notFound));
  app.use(errors);
  return app;
}
