import { newSigningSecret } from "@crosswalk/webhooks/testing";
import { BackendApi } from "./backend-api.ts";
import { InstanceConfiguration } from "./configuration.ts";
import { installedBundles } from "./frontend-api/bundles.ts";
import type { InstanceSettings } from "./frontend-api/environment.ts";
import { FrontendApi, frontendApiPath } from "./frontend-api/frontend-api.ts";
import { createInstanceKeys, type InstanceEnvironment, type InstanceKeys } from "./instance.ts";
import { createSigningKeys, type SigningKeys } from "./keys.ts";
import { ClerkState } from "./state.ts";
import {
  type MintedToken,
  type MintOptions,
  mintSessionToken,
  type SessionCookies,
  sessionCookies,
} from "./tokens.ts";
import { WebhookSender } from "./webhook-sender.ts";

export interface EmulatorOptions {
  /** Backend API port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  environment?: InstanceEnvironment;
  /** Where state changes are delivered as webhooks; settable later through `webhooks.endpoints`. */
  webhookUrls?: string[] | undefined;
  webhookSecret?: string;
  /** Dashboard settings the components show; the defaults suit the crosswalk apps. */
  settings?: Partial<InstanceSettings>;
  /**
   * Organization roles' permissions (`org:<feature>:<action>`) beyond those of a new instance, whose
   * `org:admin` and `org:member` hold only Clerk's system permissions.
   */
  rolePermissions?: Record<string, string[]>;
  /** Organizations on, as the crosswalk apps need; a new Clerk instance has them off. */
  organizationsEnabled?: boolean;
  /**
   * Sessions → Customize session token, with Clerk's `{{user.…}}` shortcodes; empty by default, as in a
   * new instance.
   */
  sessionTokenTemplate?: Record<string, unknown>;
  /** Seconds a session token from the Frontend API lives; 60 as in Clerk. */
  tokenLifetimeSeconds?: number;
  /** Receives the one-time codes Clerk would mail (not the test-mode ones); they are dropped by default. */
  onEmailCode?: (emailAddress: string, code: string) => void;
  /**
   * Keeps every Frontend API response in `frontend.exchanges` for a test to check against Clerk's spec.
   * Off by default: a long-running `pnpm dev` would keep them all.
   */
  recordExchanges?: boolean;
}

/** The Clerk SDKs whose pages load clerk-js, each reading the Frontend API's address under its own names. */
export const pageSdks = [
  "@clerk/astro",
  "@clerk/nextjs",
  "@clerk/nuxt",
  "@clerk/remix",
  "@clerk/react-router",
  "@clerk/tanstack-react-start",
] as const;
export type PageSdk = (typeof pageSdks)[number];

/** The page SDK among an app's dependencies; undefined for an API-only app. */
export function pageSdkOf(dependencies: Record<string, string> = {}): PageSdk | undefined {
  return pageSdks.find((sdk) => dependencies[sdk] !== undefined);
}

export interface ClerkEmulator {
  apiUrl: string;
  instance: InstanceKeys;
  keys: SigningKeys;
  webhookSecret: string;
  state: ClerkState;
  /** The Dashboard's side: organizations on or off, roles and permissions, the session token template. */
  configuration: InstanceConfiguration;
  backend: BackendApi;
  webhooks: WebhookSender;
  frontend: FrontendApi;
  /** The Frontend API's origin and path, on localhost so the apps' pages are same-site with it. */
  frontendApiUrl: string;
  /** The environment an app needs to use this emulator, under the contract's names. */
  env: {
    CLERK_PUBLISHABLE_KEY: string;
    CLERK_SECRET_KEY: string;
    CLERK_JWT_KEY: string;
    CLERK_API_URL: string;
    CLERK_WEBHOOK_SIGNING_SECRET: string;
  };
  /**
   * The variables an SDK reads for its proxy URL and its clerk-js (and @clerk/ui) script URLs, pointing
   * its pages at this emulator; unset them and the same app talks to Clerk again.
   */
  frontendEnv(sdk: PageSdk): Record<string, string>;
  mint(options: MintOptions): Promise<MintedToken>;
  cookies(minted: MintedToken): SessionCookies;
  close(): Promise<void>;
}

export async function startClerkEmulator(options: EmulatorOptions = {}): Promise<ClerkEmulator> {
  const instance = createInstanceKeys(options.environment);
  const keys = await createSigningKeys();
  const webhookSecret = options.webhookSecret ?? newSigningSecret();
  const webhooks = new WebhookSender(webhookSecret, options.webhookUrls);
  const state = new ClerkState((event) => webhooks.send(event));
  const configuration = new InstanceConfiguration({
    organizationsEnabled: options.organizationsEnabled ?? true,
    sessionTokenTemplate: options.sessionTokenTemplate ?? {},
    rolePermissions: options.rolePermissions ?? {},
    creatorRole: "org:admin",
  });
  const backend = new BackendApi(state, keys, instance, configuration);
  const bundles = installedBundles(["@clerk/clerk-js", "@clerk/ui", "clerk-js-5"]);
  const frontend = new FrontendApi({
    state,
    keys,
    instance,
    bundles,
    settings: {
      applicationName: "clerk-crosswalk",
      signInUrl: "/sign-in",
      signUpUrl: "/sign-up",
      afterSignOutUrl: "/",
      ...options.settings,
    },
    configuration,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 60,
    onEmailCode: options.onEmailCode ?? (() => {}),
    recordExchanges: options.recordExchanges ?? false,
    handshakePayloads: backend.handshakePayloads,
  });
  backend.pages.push((request, response, url) => frontend.handle(request, response, url));
  backend.testSessions = frontend;
  const apiUrl = await backend.listen(options.port);
  const frontendApiUrl = `${apiUrl.replace("127.0.0.1", "localhost")}${frontendApiPath}`;
  state.defaultImageUrl = `${frontendApiUrl}/avatar.svg`;
  const bundleUrl = (name: string, major: string, file: string) => {
    const bundle = bundles.find((b) => b.name === name && b.version.startsWith(`${major}.`));
    return `${frontendApiUrl}/npm/${name}@${bundle?.version}/dist/${file}`;
  };
  const clerkJs6 = {
    CLERK_PROXY_URL: frontendApiUrl,
    CLERK_JS_URL: bundleUrl("@clerk/clerk-js", "6", "clerk.browser.js"),
    CLERK_UI_URL: bundleUrl("@clerk/ui", "1", "ui.browser.js"),
  };
  const frontendEnvs: Record<PageSdk, Record<string, string>> = {
    // @clerk/astro reads the browser's settings at run time under Astro's public names; the UI bundle's address
    // (PUBLIC_CLERK_UI_URL) only at build time, so the browser takes it from the proxy (`<proxy>/npm/@clerk/ui@1/…`).
    "@clerk/astro": {
      PUBLIC_CLERK_PUBLISHABLE_KEY: instance.publishableKey,
      PUBLIC_CLERK_PROXY_URL: frontendApiUrl,
      PUBLIC_CLERK_JS_URL: clerkJs6.CLERK_JS_URL,
    },
    "@clerk/nextjs": Object.fromEntries(
      Object.entries(clerkJs6).map(([name, value]) => [`NEXT_PUBLIC_${name}`, value]),
    ),
    // @clerk/nuxt takes the browser's settings from Nuxt's run-time config, which Nuxt fills from NUXT_*
    // variables on each request; the script addresses must be given, since from the proxy they get https://.
    "@clerk/nuxt": Object.fromEntries(
      Object.entries(clerkJs6).map(([name, value]) => [`NUXT_PUBLIC_${name}`, value]),
    ),
    "@clerk/remix": {
      CLERK_PROXY_URL: frontendApiUrl,
      CLERK_JS: bundleUrl("@clerk/clerk-js", "5", "clerk.browser.js"),
    },
    "@clerk/react-router": clerkJs6,
    "@clerk/tanstack-react-start": clerkJs6,
  };
  return {
    apiUrl,
    instance,
    keys,
    webhookSecret,
    state,
    configuration,
    backend,
    webhooks,
    frontend,
    frontendApiUrl,
    env: {
      CLERK_PUBLISHABLE_KEY: instance.publishableKey,
      CLERK_SECRET_KEY: instance.secretKey,
      CLERK_JWT_KEY: keys.publicKeyPem,
      CLERK_API_URL: apiUrl,
      CLERK_WEBHOOK_SIGNING_SECRET: webhookSecret,
    },
    frontendEnv: (sdk) => frontendEnvs[sdk],
    mint: (mintOptions) => mintSessionToken(keys, instance, mintOptions),
    cookies: (minted) => sessionCookies(instance, minted),
    async close() {
      await webhooks.idle();
      await backend.close();
    },
  };
}
