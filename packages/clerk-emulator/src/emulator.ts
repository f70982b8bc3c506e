import { newSigningSecret } from "@crosswalk/webhooks/testing";
import { BackendApi } from "./backend-api.ts";
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
}

export interface ClerkEmulator {
  apiUrl: string;
  instance: InstanceKeys;
  keys: SigningKeys;
  webhookSecret: string;
  state: ClerkState;
  backend: BackendApi;
  webhooks: WebhookSender;
  /** The environment an app needs to use this emulator, under the contract's names. */
  env: {
    CLERK_PUBLISHABLE_KEY: string;
    CLERK_SECRET_KEY: string;
    CLERK_JWT_KEY: string;
    CLERK_API_URL: string;
    CLERK_WEBHOOK_SIGNING_SECRET: string;
  };
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
  const backend = new BackendApi(state, keys, instance.secretKey);
  const apiUrl = await backend.listen(options.port);
  return {
    apiUrl,
    instance,
    keys,
    webhookSecret,
    state,
    backend,
    webhooks,
    env: {
      CLERK_PUBLISHABLE_KEY: instance.publishableKey,
      CLERK_SECRET_KEY: instance.secretKey,
      CLERK_JWT_KEY: keys.publicKeyPem,
      CLERK_API_URL: apiUrl,
      CLERK_WEBHOOK_SIGNING_SECRET: webhookSecret,
    },
    mint: (mintOptions) => mintSessionToken(keys, instance, mintOptions),
    cookies: (minted) => sessionCookies(instance, minted),
    async close() {
      await webhooks.idle();
      await backend.close();
    },
  };
}
