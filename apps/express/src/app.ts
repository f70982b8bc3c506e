import { clerkMiddleware } from "@clerk/express";
import { maxJsonBodyBytes, notFound, unlistedApiRequest } from "@crosswalk/endpoints";
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

// JSON bodies are read as text so the shared endpoints can answer invalid_json themselves.
const jsonText = express.text({ type: () => true, limit: maxJsonBodyBytes });

const errors: ErrorRequestHandler = (error, _req, res, _next) => {
  if ((error as { type?: string }).type === "entity.too.large") {
    // Closing the connection stops the upload; kept alive, Node would read the rest of it to discard it.
    res.status(413).set("connection", "close").json({ error: "payload_too_large" });
    return;
  }
  // body-parser's own refusals (an aborted or undecodable body) carry their 4xx status.
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    res.status(400).json({ error: "bad_request" });
    return;
  }
  console.error("[express] request failed:", (error as Error).name);
  res.status(500).json({ error: "internal_error" });
};

export function createApp() {
  const app = express();
  app.disable("x-powered-by");
  // Unlisted methods and paths, and paths that do not decode, get the contract's JSON before routing.
  app.use("/api", (req, res, next) => {
    const refusal = unlistedApiRequest(req.method, req.originalUrl.split("?")[0] ?? "");
    if (refusal) reply(res, refusal);
    else next();
  });

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
  app.put("/api/profile", jsonText, putProfile);
  app.post("/api/onboarding/complete", completeOnboarding);
  app.get("/api/org/tasks", listTasks);
  app.post("/api/org/tasks", jsonText, createTask);
  app.delete("/api/org/tasks/:id", deleteTask);

  app.use((_req, res) => reply(res, notFound));
  app.use(errors);
  return app;
}
