import { readFileSync } from "node:fs";
import { join } from "node:path";
import { organizationRoles, sessionTokenTemplate } from "@crosswalk/claims";
import {
  type ClerkEmulator,
  cookieHeader,
  type MintOptions,
  type PageSdk,
  pageSdkOf,
  startClerkEmulator,
} from "@crosswalk/clerk-emulator";
import { type RunningApp, startApp } from "./app-process.ts";
import { type AppDatabase, createAppDatabase } from "./database.ts";

export interface AppConfig {
  dir: string;
  framework: string;
  pages: boolean;
  /** The Clerk SDK the app's pages load clerk-js through, read from its dependencies. */
  pageSdk: PageSdk | undefined;
  /** What the app runs on here: `node`, or another runtime its `conformance.runtimes` lists. */
  runtime: string;
  /** The package script that starts it as a user would: `start` on Node, `start:<runtime>` on another. */
  startScript: string;
}

/** Seconds a Frontend API session token lives in the suite: short, so the browser walk outlives one. */
export const sessionTokenLifetimeSeconds = 15;

/** One configuration per runtime the app's package.json lists under `conformance.runtimes` (Node alone if none). */
export function readAppConfigs(dir: string): AppConfig[] {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    conformance?: { framework?: string; pages?: boolean; runtimes?: string[] };
    dependencies?: Record<string, string>;
    scripts?: Record<string, string>;
  };
  if (!manifest.conformance?.framework)
    throw new Error(`${dir}/package.json has no "conformance.framework"`);
  const { framework, pages = false, runtimes = ["node"] } = manifest.conformance;
  return runtimes.map((runtime) => {
    const startScript = runtime === "node" ? "start" : `start:${runtime}`;
    if (!manifest.scripts?.[startScript])
      throw new Error(
        `${dir}/package.json lists the runtime ${runtime} but has no "${startScript}" script`,
      );
    return {
      dir,
      framework,
      pages,
      pageSdk: pageSdkOf(manifest.dependencies),
      runtime,
      startScript,
    };
  });
}

/** The app's configuration on one runtime (Node unless told). */
export function readAppConfig(dir: string, runtime = "node"): AppConfig {
  const config = readAppConfigs(dir).find((candidate) => candidate.runtime === runtime);
  if (!config) throw new Error(`${dir}/package.json does not list the runtime ${runtime}`);
  return config;
}

export interface AppResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface RequestOptions {
  method?: string;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  redirect?: "follow" | "manual";
}

/** One emulator, one fresh database and one running app, shared by every suite in a run. */
export class Harness {
  readonly responses: string[] = [];
  emulator!: ClerkEmulator;
  database!: AppDatabase;
  app!: RunningApp;
  readonly config: AppConfig;

  constructor(config: AppConfig) {
    this.config = config;
  }

  get origin() {
    return this.app.url;
  }

  async start(environment: "development" | "production" = "development") {
    this.emulator = await startClerkEmulator({
      environment,
      rolePermissions: organizationRoles,
      sessionTokenTemplate,
      tokenLifetimeSeconds: sessionTokenLifetimeSeconds,
      // The browser walk checks every Frontend API response against Clerk's published spec.
      recordExchanges: true,
    });
    this.database = await createAppDatabase(process.env.TEST_DATABASE_URL);
    this.app = await startApp(this.config, {
      ...this.emulator.env,
      ...(this.config.pageSdk ? this.emulator.frontendEnv(this.config.pageSdk) : {}),
      ...this.database.env,
    });
    this.emulator.webhooks.url = `${this.app.url}/api/webhooks/clerk`;
  }

  async stop() {
    await this.app?.stop();
    await this.emulator?.close();
  }

  /** A session token for a user the emulator knows, accepted for this app's origin. */
  async token(options: Partial<MintOptions> & { userId: string }) {
    return (await this.emulator.mint({ authorizedParty: this.origin, ...options })).token;
  }

  async sessionCookie(options: Partial<MintOptions> & { userId: string }) {
    const minted = await this.emulator.mint({ authorizedParty: this.origin, ...options });
    return cookieHeader(this.emulator.cookies(minted));
  }

  async request(path: string, options: RequestOptions = {}): Promise<AppResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = options.cookie;
    if (typeof options.body === "string" && !headers["content-type"])
      headers["content-type"] = "application/json";
    const response = await fetch(`${this.origin}${path}`, {
      method: options.method ?? "GET",
      headers,
      body: options.body,
      redirect: options.redirect ?? "manual",
    });
    const text = await response.text();
    this.responses.push(`${response.headers.get("location") ?? ""}\n${text}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }
}
