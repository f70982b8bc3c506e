import type { IncomingMessage, ServerResponse } from "node:http";
import { frontendApiPath } from "./frontend-api/frontend-api.ts";
import type { ClerkState } from "./state.ts";

export interface SignInAsOptions {
  state: ClerkState;
  /** The apps to offer, each by name and origin. */
  apps: { name: string; url: string }[];
  /** Starts a session for the user as a sign-in from that origin would; returns the cookies to set. */
  startSession(userId: string, appOrigin: string): Promise<string[]>;
  /** Ends the sessions of the browsers holding these dev browser tokens. */
  endSessions(devBrowserTokens: string[]): void;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function page(options: SignInAsOptions): string {
  const rows = [...options.state.users.values()].map((user) => {
    const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || user.id;
    const links = options.apps
      .map(
        (app, index) =>
          `<a href="/sign-in-as/${encodeURIComponent(user.id)}?app=${index}">${escapeHtml(app.name)}</a>`,
      )
      .join(" · ");
    return `<tr><td>${escapeHtml(name)}<br><small>${escapeHtml(user.email ?? "")} · ${escapeHtml(user.id)}</small></td><td>${links}</td></tr>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in as · Clerk emulator</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 44rem">
<h1>Sign in as…</h1>
<p>A shortcut past the sign-in form: the local Clerk emulator signs the user in, sets the session cookies
for <code>localhost</code> and opens the app's dashboard, where Clerk's components take over. Cookies ignore
ports, so one sign-in covers every app. <a href="/sign-out">Sign out</a>.</p>
<table cellpadding="8">${rows.join("")}</table></body></html>`;
}

// A page on another site can rebind its own name to 127.0.0.1 and then read these pages as same-origin, but
// its requests still carry its name in `Host`. Only a loopback name, with or without a port, is answered.
const loopbackHost = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** Whether a request's `Host` header names this machine's loopback interface (a missing one does not). */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && loopbackHost.test(host);
}

/** The emulator's stand-in for Clerk's hosted sign-in, for offline development. */
export function createSignInAs(options: SignInAsOptions) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const ours =
      url.pathname === "/sign-out" ||
      url.pathname === "/sign-in-as" ||
      url.pathname.startsWith("/sign-in-as/");
    if (ours && !isLoopbackHost(request.headers.host)) {
      response
        .writeHead(403, { "content-type": "text/plain; charset=utf-8" })
        .end("The sign-in-as pages answer only http://localhost or http://127.0.0.1.\n");
      return true;
    }
    if (url.pathname === "/sign-in-as") {
      response
        .writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "referrer-policy": "no-referrer",
        })
        .end(page(options));
      return true;
    }
    if (url.pathname === "/sign-out") {
      // The suffixed names (`__session_<suffix>`) as well: whatever this browser holds goes.
      const held = (request.headers.cookie ?? "")
        .split(";")
        .map((pair) => pair.trim().split("="))
        .filter(([name = ""]) =>
          /^(?:__session|__client_uat|__clerk_db_jwt)(?:_[\w-]+)?$/.test(name),
        );
      options.endSessions(
        held
          .filter(([name = ""]) => name.startsWith("__clerk_db_jwt"))
          .map(([, value = ""]) => value),
      );
      const expired = [
        ...new Set(["__session", "__client_uat", "__clerk_db_jwt", ...held.map(([name]) => name)]),
      ].map((name) => `${name}=; Path=/; Max-Age=0; SameSite=Lax`);
      // A production instance's client cookie lives under the Frontend API's path only.
      expired.push(`__client=; Path=${frontendApiPath}; Max-Age=0; SameSite=Lax`);
      response.writeHead(302, { location: "/sign-in-as", "set-cookie": expired }).end();
      return true;
    }
    const match = /^\/sign-in-as\/([^/]+)$/.exec(url.pathname);
    if (!match?.[1] || request.method !== "GET") return false;
    const user = options.state.users.get(decodeURIComponent(match[1]));
    const app = options.apps[Number(url.searchParams.get("app") ?? 0)];
    if (!user || !app) {
      response.writeHead(404, { "content-type": "text/plain" }).end("no such user or app");
      return true;
    }
    const cookies = await options.startSession(user.id, app.url);
    // Without a referrer the app sees a plain navigation rather than one from another site, which Clerk's
    // SDK would answer with a handshake first.
    response
      .writeHead(302, {
        location: `${app.url}/dashboard`,
        "set-cookie": cookies,
        "referrer-policy": "no-referrer",
      })
      .end();
    return true;
  };
}
