import { clerkMiddleware } from "@clerk/express";
import { maxJsonBodyBytes } from "@crosswalk/endpoints";
import { maxWebhookBodyBytes } from "@crosswalk/webhooks";
import express, { type ErrorRequestHandler } from "express";
import { clerkClient } from "./clerk.ts";
import { env } from "./env.ts";
import { claims } from "./routes/api/claims.ts";
import { health } from "./routes/api/health.ts";
import { me } from "./routes/api/me.ts";
import { completeOnboarding } from "./routes/api/onboarding.ts";
import { createTask, deleteTask, listTasks } from "./routes/api/org/tasks.ts";
import { getProfile, putProfile } from "./routes/api/profile.ts";
import { clerkWebhook } from "./routes/api/webhooks/clerk.ts";

// JSON bodies are read as text so the shared endpoints can answer invalid_json themselves.
const jsonText = express.text({ type: () => true, limit: maxJsonBodyBytes });

const errors: ErrorRequestHandler = (error, _req, res, _next) => {
  if ((error as { type?: string }).type === "entity.too.large") {
    res.status(413).json({ error: "payload_too_large" });
    return;
  }
  console.error("[express] request failed:", (error as Error).name);
  res.status(500).json({ error: "internal_error" });
};

export function createApp() {
  const app = express();
  app.disable("x-powered-by");

  app.post(
    "/api/webhooks/clerk",
    express.raw({ type: () => true, limit: maxWebhookBodyBytes }),
    clerkWebhook,
  );
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
  app.put("/api/profile", jsonText, putProfile);
  app.post("/api/onboarding/complete", completeOnboarding);
  app.get("/api/org/tasks", listTasks);
  app.post("/api/org/tasks", jsonText, createTask);
  app.delete("/api/org/tasks/:id", deleteTask);

  app.use((_req, res) => {
    res.status(404).json({ error: "not_found" });
  });
  app.use(errors);
  return app;
}
