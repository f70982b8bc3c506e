import { createHash } from "node:crypto";
import { randomHex } from "../ids.ts";
import type { InstanceKeys } from "../instance.ts";
import type { Client } from "./sessions.ts";

/** A development instance's browsers: each dev browser token stands for one client, in place of a cookie. */
export class DevBrowsers {
  private readonly clients = new Map<string, string>();

  /** clerk-js keeps the `id` as its dev browser token. */
  create(clientId: string): { object: "dev_browser"; id: string } {
    const token = `dvb_${randomHex(16)}`;
    this.bind(token, clientId);
    return { object: "dev_browser", id: token };
  }

  /** A token this emulator did not issue (it restarted since) starts a new client under the same token. */
  bind(token: string, clientId: string): void {
    this.clients.set(token, clientId);
  }

  clientOf(token: string): string | undefined {
    return this.clients.get(token);
  }
}

const year = 365 * 24 * 3600;

/** Clerk's cookie suffix: the first 8 characters of the URL-safe base64 SHA-1 of the publishable key. */
function cookieSuffix(publishableKey: string): string {
  return createHash("sha1").update(publishableKey).digest("base64url").slice(0, 8);
}

export interface BrowserCookies {
  instance: InstanceKeys;
  /** Whether the SDK uses the instance-suffixed cookie names (clerk-js 6 writes both). */
  suffixed: boolean;
  client: Client | undefined;
  /** The session token for the client's active session; empty when signed out. */
  sessionToken: string;
  devBrowserToken: string | undefined;
}

/**
 * The cookies a browser holds on the app's own domain: the session token and the client's "updated at"
 * (0 when signed out), plus the dev browser on a development instance. A handshake hands them to the
 * app's SDK; the offline sign-in sets them directly.
 */
export function browserCookies(input: BrowserCookies): string[] {
  const signedIn = input.client !== undefined && input.sessionToken !== "";
  const session = cookieDirectives(input.suffixed, input.instance, [
    ["__session", input.sessionToken, signedIn ? year : 0],
    [
      "__client_uat",
      signedIn ? String(Math.floor((input.client?.updatedAt ?? 0) / 1000)) : "0",
      year,
    ],
  ]);
  // Under both names whatever the SDK asked: clerk-js reads either, but once it writes suffixed session
  // cookies the SDK looks for the dev browser only under its suffixed name.
  const devBrowser = input.devBrowserToken
    ? cookieDirectives(true, input.instance, [["__clerk_db_jwt", input.devBrowserToken, year]])
    : [];
  return [...session, ...devBrowser];
}

function cookieDirectives(
  suffixed: boolean,
  instance: InstanceKeys,
  cookies: [string, string, number][],
) {
  const suffix = suffixed ? cookieSuffix(instance.publishableKey) : undefined;
  return cookies.flatMap(([name, value, maxAge]) =>
    [name, ...(suffix ? [`${name}_${suffix}`] : [])].map(
      (cookieName) => `${cookieName}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax`,
    ),
  );
}
