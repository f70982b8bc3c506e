import { type ClerkFastifyOptions, clerkPlugin } from "@clerk/fastify";
import type { DatabaseHandle } from "@crosswalk/db";
import { corsPolicy, malformedPath, notFound, unlistedApiRequest } from "@crosswalk/endpoints";
import type { ServerEnv } from "@crosswalk/server-env";
import cors from "@fastify/cors";
import Fastify, { type FastifyError, LogController } from "fastify";
import { createApi, send } from "./api.ts";
import { leaveBodiesUnread } from "./bodies.ts";
import type { createBackendClient } from "./clerk.ts";
import { errorResult } from "./errors.ts";
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

const pathOf = (url: string) => url.split("?", 1)[0] ?? "";

export function buildApp(deps: AppDependencies) {
  const { env } = deps;
  const api = createApi(deps);
  const app = Fastify({
    logger: {
      // A request is logged by method and path: a query string can carry what a log must not.
      serializers: { req: (request) => ({ method: request.method, path: pathOf(request.url) }) },
    },
    // No line per request, as in the other apps; failures and the sync's refusals are logged.
    logController: new LogController({ disableRequestLogging: true }),
    // A path whose %-escapes do not decode is refused by the router, before any hook.
    frameworkErrors: (error, _request, reply) =>
      send(reply, error.code === "FST_ERR_BAD_URL" ? malformedPath : notFound),
  });

  // #region crosswalk:cors
  // A single-page app on another origin calls this API with a Bearer token; its preflights are answered here,
  // before unlisted methods are refused. An origin that is not an authorized party gets no CORS headers.
  const policy = corsPolicy(env.clerk.authorizedParties);
  app.register(cors, {
    delegator: (request, callback) => {
      const origin = policy.allowedOrigin(request.headers.origin);
      const methods = policy.methods(pathOf(request.url ?? "/"));
      callback(
        null,
        origin && methods.length > 0
          ? {
              origin,
              methods,
              allowedHeaders: policy.allowedHeaders,
              maxAge: policy.maxAgeSeconds,
              strictPreflight: false,
            }
          : { origin: false },
      );
    },
  });
  // #endregion

  // Unlisted methods and paths get the contract's JSON before routing.
  app.addHook("onRequest", async (request, reply) => {
    const refusal = unlistedApiRequest(request.method, pathOf(request.url));
    if (refusal) return send(reply, refusal);
  });

  app.register(clerkWebhook, deps);
  app.register(health, { api });

  // #region crosswalk:clerk-setup
  // clerkPlugin in the scope of the routes that read a session: the sync route and /api/health carry none.
  app.register(async (signedIn) => {
    // ClerkFastifyOptions' type lists no authorizedParties, but the plugin hands every option to
    // authenticateRequest, which checks the token's azp against them (the cross-site checks prove it).
    const options: ClerkFastifyOptions & { authorizedParties: string[] } = {
      publishableKey: env.clerk.publishableKey,
      secretKey: env.clerk.secretKey,
      jwtKey: env.clerk.jwtKey,
      apiUrl: env.clerk.apiUrl,
      authorizedParties: env.clerk.authorizedParties,
    };
    await signedIn.register(clerkPlugin, options);
    // #endregion
    // The endpoints read JSON bodies through the shared reader (64 KiB, the contract's charset rules, which
    // Fastify's JSON parser does not apply) once the session allows the write.
    leaveBodiesUnread(signedIn);
    signedIn.register(me, { api });
    signedIn.register(claims, { api });
    signedIn.register(profile, { api });
    signedIn.register(onboarding, { api });
    signedIn.register(members, { api });
    signedIn.register(tasks, { api });
  });

  app.setNotFoundHandler((_request, reply) => send(reply, notFound));
  app.setErrorHandler<FastifyError>((error, request, reply) =>
    send(reply, errorResult(error, request)),
  );
  return app;
}
