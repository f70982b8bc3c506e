import type { IncomingMessage, ServerResponse } from "node:http";
import type { MembershipState, UserState } from "@crosswalk/webhooks/testing";
import type { InstanceConfiguration } from "../configuration.ts";
import { randomHex } from "../ids.ts";
import type { InstanceKeys } from "../instance.ts";
import type { SigningKeys } from "../keys.ts";
import { isLoopbackHost } from "../sign-in-as.ts";
import type { ClerkState } from "../state.ts";
import { type ActiveOrganization, mintSessionToken } from "../tokens.ts";
import { type installedBundles, serveBundle } from "./bundles.ts";
import { environmentResource, type InstanceSettings } from "./environment.ts";
import { browserCookies, DevBrowsers } from "./handshake.ts";
import {
  clientResource,
  membershipResource,
  organizationResource,
  sessionResource,
  signInResource,
  signUpResource,
  userResource,
} from "./resources.ts";
import { type Client, FrontendApiError, type Session, Sessions } from "./sessions.ts";

/** The path the SDKs' `proxyUrl` points at: Clerk's documented default for a Frontend API proxy. */
export const frontendApiPath = "/__clerk";

export interface FrontendApiOptions {
  state: ClerkState;
  keys: SigningKeys;
  instance: InstanceKeys;
  bundles: ReturnType<typeof installedBundles>;
  settings: InstanceSettings;
  /** The organization roles and the session token template, as the instance defines them. */
  configuration: InstanceConfiguration;
  /** Seconds a session token lives; Clerk's is 60. */
  tokenLifetimeSeconds: number;
  onEmailCode: (emailAddress: string, code: string) => void;
  /** Keep every response in `exchanges`, for a test to check against Clerk's spec; off, nothing is kept. */
  recordExchanges: boolean;
  /** Where a handshake leaves its cookies for the Backend API to hand to the app's SDK. */
  handshakePayloads: Map<string, { directives: string[]; expiresAt: number }>;
}

/** One Frontend API response as served, for checking against Clerk's published spec. */
export interface FrontendApiExchange {
  operation: string;
  status: number;
  body: unknown;
}

interface Reply {
  operation: string;
  status?: number;
  body: unknown;
}

interface Call {
  method: string;
  segments: string[];
  query: URLSearchParams;
  form: URLSearchParams;
  client: Client | undefined;
  origin: string | undefined;
  /** The client, created when the call is the browser's first that needs one. */
  ensureClient(): Client;
}

const avatar =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#c7cad1"/>' +
  '<circle cx="32" cy="25" r="11" fill="#f6f7f9"/><path d="M12 58c3-12 11-18 20-18s17 6 20 18" fill="#f6f7f9"/></svg>';

const loopbackOrigin = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;
const clientCookieName = "__client";

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!(request.headers["content-type"] ?? "").includes("application/json"))
    return new URLSearchParams(text);
  const parsed = JSON.parse(text || "{}") as Record<string, unknown>;
  return new URLSearchParams(
    Object.entries(parsed).map(([key, value]): [string, string] => [
      key,
      value === null ? "" : String(value),
    ]),
  );
}

const optional = (form: URLSearchParams, name: string) => form.get(name) ?? undefined;

/**
 * Clerk's Frontend API for one instance, as clerk-js and Clerk's components use it: environment,
 * client, sign-up and sign-in attempts, sessions and their tokens, organizations. A development
 * instance identifies a browser by its dev browser token; a production one by the `__client` cookie.
 */
export class FrontendApi {
  readonly sessions: Sessions;
  readonly devBrowsers = new DevBrowsers();
  /** Every response served, when the emulator was started with `recordExchanges` (tests); empty otherwise. */
  readonly exchanges: FrontendApiExchange[] = [];
  private readonly clientTokens = new Map<string, string>();
  private readonly options: FrontendApiOptions;

  constructor(options: FrontendApiOptions) {
    this.options = options;
    this.sessions = new Sessions(options.state, {
      onEmailCode: options.onEmailCode,
      sessionLifetimeDays: 7,
    });
  }

  /** Handles a request under {@link frontendApiPath}; returns false for any other path. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== frontendApiPath && !url.pathname.startsWith(`${frontendApiPath}/`))
      return false;
    // As the sign-in-as pages: a page on another site that rebinds its name to 127.0.0.1 still sends it.
    if (!isLoopbackHost(request.headers.host)) {
      response.writeHead(403, { "content-type": "text/plain" }).end("loopback hosts only\n");
      return true;
    }
    const path = url.pathname.slice(frontendApiPath.length);
    if (serveBundle(this.options.bundles, path, response)) return true;
    if (path === "/avatar.svg") {
      response.writeHead(200, {
        "content-type": "image/svg+xml",
        "cache-control": "max-age=86400",
        "access-control-allow-origin": "*",
      });
      response.end(avatar);
      return true;
    }
    const origin = request.headers.origin;
    const cors: Record<string, string> =
      origin && loopbackOrigin.test(origin)
        ? {
            "access-control-allow-origin": origin,
            "access-control-allow-credentials": "true",
            vary: "Origin",
          }
        : {};
    if (request.method === "OPTIONS") {
      response
        .writeHead(204, {
          ...cors,
          "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
          "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "",
          "access-control-max-age": "600",
        })
        .end();
      return true;
    }
    if (path === "/v1/client/handshake" && request.method === "GET") {
      const redirect = URL.canParse(url.searchParams.get("redirect_url") ?? "")
        ? new URL(url.searchParams.get("redirect_url") ?? "")
        : undefined;
      if (!redirect || !loopbackOrigin.test(redirect.origin)) {
        response
          .writeHead(400, { "content-type": "text/plain" })
          .end("redirect_url must be a loopback origin\n");
        return true;
      }
      let devBrowserToken = url.searchParams.get("__clerk_db_jwt") ?? undefined;
      let client = this.clientOf(request, url.searchParams);
      if (this.options.instance.environment === "development" && !client) {
        client = this.sessions.createClient();
        devBrowserToken = this.devBrowsers.create(client.id).id;
      }
      const session = client
        ? this.sessions.liveSessions(client).find((s) => s.id === client.lastActiveSessionId)
        : undefined;
      const directives = browserCookies({
        instance: this.options.instance,
        suffixed: url.searchParams.get("suffixed_cookies") === "true",
        client,
        sessionToken: session ? await this.mint(session, redirect.origin) : "",
        devBrowserToken,
      });
      const nonce = randomHex(24);
      for (const [stale, payload] of this.options.handshakePayloads)
        if (payload.expiresAt < Date.now()) this.options.handshakePayloads.delete(stale);
      this.options.handshakePayloads.set(nonce, { directives, expiresAt: Date.now() + 60_000 });
      redirect.searchParams.set("__clerk_handshake_nonce", nonce);
      response.writeHead(307, { location: redirect.href, "cache-control": "no-store" }).end();
      return true;
    }

    const setCookies: string[] = [];
    let client = this.clientOf(request, url.searchParams);
    const call: Call = {
      method: (url.searchParams.get("_method") ?? request.method ?? "GET").toUpperCase(),
      segments: path.split("/").filter(Boolean),
      query: url.searchParams,
      form: new URLSearchParams(),
      client,
      origin: origin && loopbackOrigin.test(origin) ? origin : undefined,
      ensureClient: () => {
        if (client) return client;
        client = this.sessions.createClient();
        call.client = client;
        const devBrowser = url.searchParams.get("__clerk_db_jwt");
        if (devBrowser) this.devBrowsers.bind(devBrowser, client.id);
        else setCookies.push(this.clientCookie(client));
        return client;
      },
    };
    let reply: Reply;
    try {
      if (request.method !== "GET") call.form = await readForm(request);
      reply = await this.route(call);
    } catch (error) {
      if (!(error instanceof FrontendApiError)) throw error;
      reply = {
        operation: "error",
        status: error.status,
        body: {
          errors: [
            {
              code: error.code,
              message: error.message,
              long_message: error.message,
              meta: error.paramName ? { param_name: error.paramName } : {},
            },
          ],
          clerk_trace_id: randomHex(16),
          ...(call.client ? { meta: { client: this.clientJson(call.client) } } : {}),
        },
      };
    }
    const status = reply.status ?? 200;
    if (this.options.recordExchanges)
      this.exchanges.push({ operation: reply.operation, status, body: reply.body });
    const text = JSON.stringify(reply.body);
    response.writeHead(status, {
      ...cors,
      "content-type": "application/json",
      "cache-control": "no-store",
      ...(setCookies.length > 0 ? { "set-cookie": setCookies } : {}),
    });
    response.end(text);
    return true;
  }

  /** A production browser's hold on its client: an HttpOnly cookie that only the Frontend API sees. */
  private clientCookie(client: Client): string {
    const token = randomHex(24);
    this.clientTokens.set(token, client.id);
    return `${clientCookieName}=${token}; Path=${frontendApiPath}; HttpOnly; SameSite=Lax; Max-Age=${7 * 24 * 3600}`;
  }

  /**
   * Signs a user in on a new client, as a browser would through <SignIn/>, and returns the cookies that
   * browser then holds, for the emulator's offline sign-in page to set.
   */
  async signInAs(userId: string, appOrigin: string): Promise<string[]> {
    const client = this.sessions.createClient();
    const session = this.sessions.start(client, this.options.state.getUser(userId));
    const development = this.options.instance.environment === "development";
    return [
      ...browserCookies({
        instance: this.options.instance,
        suffixed: true,
        client,
        sessionToken: await this.mint(session, appOrigin),
        devBrowserToken: development ? this.devBrowsers.create(client.id).id : undefined,
      }),
      ...(development ? [] : [this.clientCookie(client)]),
    ];
  }

  /** Ends the sessions of the clients these dev browsers stand for, as a sign-out in those browsers would. */
  signOutDevBrowsers(tokens: string[]): void {
    for (const token of tokens) {
      const clientId = this.devBrowsers.clientOf(token);
      const client = clientId ? this.sessions.clients.get(clientId) : undefined;
      if (client) this.endAll(client);
    }
  }

  private clientOf(request: IncomingMessage, query: URLSearchParams): Client | undefined {
    const devBrowser = query.get("__clerk_db_jwt");
    const clientId = devBrowser
      ? this.devBrowsers.clientOf(devBrowser)
      : this.clientTokens.get(
          new RegExp(`(?:^|;\\s*)${clientCookieName}=([^;]+)`).exec(
            request.headers.cookie ?? "",
          )?.[1] ?? "",
        );
    return clientId ? this.sessions.clients.get(clientId) : undefined;
  }

  private async route(call: Call): Promise<Reply> {
    const { method, segments, form } = call;
    const [version, resource, id, action, sub] = segments;
    if (version !== "v1") throw new FrontendApiError(404, "resource_not_found", "Not found.");
    const get = method === "GET";
    const post = method === "POST";

    // A development instance's clerk-js reports its origin with a PATCH; the settings stay as they are.
    if (resource === "environment" && (get || method === "PATCH") && !id)
      return {
        operation: get ? "getEnvironment" : "updateEnvironment",
        body: environmentResource(
          this.options.instance,
          this.options.settings,
          this.options.configuration,
        ),
      };
    if (resource === "dev_browser" && post && !id) {
      const client = this.sessions.createClient();
      return { operation: "createDevBrowser", body: this.devBrowsers.create(client.id) };
    }
    if (resource === "client") {
      if (!id) {
        if (get)
          return {
            operation: "getClient",
            body: this.wrap(call, call.client ? this.clientJson(call.client) : null),
          };
        if (post || method === "PUT") {
          const client = call.ensureClient();
          return { operation: "postClient", body: this.wrap(call, this.clientJson(client)) };
        }
        if (method === "DELETE") {
          if (call.client) this.endAll(call.client);
          return {
            operation: "deleteClientSessions",
            body: this.wrap(call, call.client ? this.clientJson(call.client) : null),
          };
        }
      }
      if (id === "sign_ups") return this.signUps(call, action, sub);
      if (id === "sign_ins") return this.signIns(call, action, sub);
      if (id === "sessions") return this.sessionCall(call, action, sub, segments[5]);
    }
    if (resource === "me" && call.client) return this.me(call, id, action);
    if (resource === "organizations" && call.client) {
      const session = this.currentSession(call);
      if (post && !id) {
        const organization = this.createOrganization(
          session,
          optional(form, "name"),
          optional(form, "slug"),
        );
        return {
          operation: "createOrganization",
          body: this.wrap(call, organizationResource(organization)),
        };
      }
      if (get && id && !action) {
        if (
          !this.options.state
            .membershipsOfUser(session.userId)
            .some((m) => m.organization.id === id)
        )
          throw new FrontendApiError(404, "resource_not_found", "Organization not found.");
        return {
          operation: "getOrganization",
          body: this.wrap(call, organizationResource(this.options.state.getOrganization(id))),
        };
      }
    }
    throw new FrontendApiError(
      404,
      "resource_not_found",
      "The emulator does not serve this Frontend API path.",
    );
  }

  private signUps(call: Call, id: string | undefined, action: string | undefined): Reply {
    const client = call.ensureClient();
    const input = {
      emailAddress: optional(call.form, "email_address"),
      password: optional(call.form, "password"),
    };
    if (!id && call.method === "POST") {
      const signUp = this.sessions.signUp(client, input);
      return { operation: "createSignUps", body: this.wrap(call, signUpResource(signUp)) };
    }
    const signUp = id ? this.sessions.signUps.get(id) : undefined;
    if (!signUp || client.signUpId !== signUp.id)
      throw new FrontendApiError(404, "resource_not_found", "Sign-up not found.");
    if (!action && call.method === "PATCH") this.sessions.updateSignUp(signUp, input);
    else if (action === "prepare_verification") this.sessions.prepareSignUpEmail(signUp);
    else if (action === "attempt_verification")
      this.sessions.attemptSignUpEmail(client, signUp, optional(call.form, "code"));
    else if (action || call.method !== "GET")
      throw new FrontendApiError(404, "resource_not_found", "Not found.");
    const operation =
      action === "prepare_verification"
        ? "prepareSignUpsVerification"
        : action === "attempt_verification"
          ? "attemptSignUpsVerification"
          : call.method === "PATCH"
            ? "updateSignUps"
            : "getSignUps";
    return { operation, body: this.wrap(call, signUpResource(signUp)) };
  }

  private signIns(call: Call, id: string | undefined, action: string | undefined): Reply {
    const client = call.ensureClient();
    if (!id && call.method === "POST") {
      const signIn = this.sessions.signIn(client, {
        identifier: optional(call.form, "identifier"),
        password: optional(call.form, "password"),
      });
      return { operation: "createSignIn", body: this.wrap(call, this.signInJson(signIn.id)) };
    }
    const signIn = id ? this.sessions.signIns.get(id) : undefined;
    if (!signIn || client.signInId !== signIn.id)
      throw new FrontendApiError(404, "resource_not_found", "Sign-in not found.");
    if (action === "prepare_first_factor") {
      if (optional(call.form, "strategy") !== "email_code")
        throw new FrontendApiError(
          422,
          "strategy_for_user_invalid",
          "This strategy is not available here.",
          "strategy",
        );
      this.sessions.prepareSignInEmail(signIn);
      return {
        operation: "prepareSignInFactorOne",
        body: this.wrap(call, this.signInJson(signIn.id)),
      };
    }
    if (action === "attempt_first_factor") {
      this.sessions.attemptSignIn(client, signIn, {
        strategy: optional(call.form, "strategy"),
        password: optional(call.form, "password"),
        code: optional(call.form, "code"),
      });
      return {
        operation: "attemptSignInFactorOne",
        body: this.wrap(call, this.signInJson(signIn.id)),
      };
    }
    if (!action && call.method === "GET")
      return { operation: "getSignIn", body: this.wrap(call, this.signInJson(signIn.id)) };
    throw new FrontendApiError(404, "resource_not_found", "Not found.");
  }

  private async sessionCall(
    call: Call,
    sessionId: string | undefined,
    action: string | undefined,
    template: string | undefined,
  ): Promise<Reply> {
    const client = call.client;
    if (!client) throw new FrontendApiError(401, "signed_out", "You are signed out.");
    if (!sessionId && call.method === "DELETE") {
      this.endAll(client);
      return {
        operation: "removeClientSessionsAndRetainCookie",
        body: this.wrap(call, this.clientJson(client)),
      };
    }
    if (!sessionId) throw new FrontendApiError(404, "resource_not_found", "Not found.");
    if (!action && call.method === "GET") {
      const session = this.sessions.sessionOf(client, sessionId);
      // As Clerk does, a live session comes back with a token minted now: session.reload() hands it to
      // the app, so claims built from metadata changed since the last token show at once.
      if (session.status === "active") await this.mint(session, call.origin);
      return { operation: "getSession", body: this.wrap(call, this.sessionJson(session)) };
    }
    if (action === "touch") {
      const session = this.sessions.activeSessionOf(client, sessionId);
      const organizationId = call.form.has("active_organization_id")
        ? call.form.get("active_organization_id") || null
        : undefined;
      this.sessions.touch(client, session, organizationId);
      await this.mint(session, call.origin);
      return { operation: "touchSession", body: this.wrap(call, this.sessionJson(session)) };
    }
    if (action === "end" || action === "remove") {
      const session = this.sessions.sessionOf(client, sessionId);
      this.sessions.end(client, session, action === "end" ? "ended" : "removed");
      return {
        operation: action === "end" ? "endSession" : "removeSession",
        body: this.wrap(call, this.sessionJson(session)),
      };
    }
    if (action === "tokens" && call.method === "POST") {
      if (template)
        throw new FrontendApiError(404, "resource_not_found", `No JWT template named ${template}.`);
      const session = this.sessions.activeSessionOf(client, sessionId);
      if (call.form.has("organization_id"))
        this.sessions.touch(client, session, call.form.get("organization_id") || null);
      const jwt = await this.mint(session, call.origin);
      return { operation: "createSessionToken", body: { object: "token", jwt } };
    }
    throw new FrontendApiError(404, "resource_not_found", "Not found.");
  }

  private me(call: Call, resource: string | undefined, id: string | undefined): Reply {
    const session = this.currentSession(call);
    const user = this.options.state.getUser(session.userId);
    const empty = { data: [], total_count: 0 };
    if (call.method !== "GET") throw new FrontendApiError(404, "resource_not_found", "Not found.");
    if (!resource) return { operation: "getUser", body: this.wrap(call, this.userJson(user)) };
    if (resource === "organization_memberships" && !id) {
      const memberships = this.options.state.membershipsOfUser(user.id);
      return {
        operation: "getOrganizationMemberships",
        body: this.wrap(call, {
          data: memberships.map(membershipResource),
          total_count: memberships.length,
        }),
      };
    }
    if (resource === "organization_invitations")
      return { operation: "getUsersOrganizationInvitations", body: this.wrap(call, empty) };
    if (resource === "organization_suggestions")
      return { operation: "getOrganizationSuggestions", body: this.wrap(call, empty) };
    if (resource === "organization_creation_defaults")
      return {
        operation: "getOrganizationCreationDefaults",
        body: this.wrap(call, { form: { name: null, logo: null }, advisory: null }),
      };
    throw new FrontendApiError(404, "resource_not_found", "Not found.");
  }

  /** The session a `/me` or organization call acts for: clerk-js names it, else the client's active one. */
  private currentSession(call: Call): Session {
    const client = call.client;
    const sessionId = call.query.get("_clerk_session_id") ?? client?.lastActiveSessionId;
    if (!client || !sessionId) throw new FrontendApiError(401, "signed_out", "You are signed out.");
    return this.sessions.activeSessionOf(client, sessionId);
  }

  private createOrganization(session: Session, name: string | undefined, slug: string | undefined) {
    if (!name?.trim())
      throw new FrontendApiError(422, "form_param_missing", "Enter a name.", "name");
    const state = this.options.state;
    const wanted = (slug?.trim() || name)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    if ([...state.organizations.values()].some((organization) => organization.slug === wanted))
      throw new FrontendApiError(
        422,
        "form_identifier_exists",
        "This slug is already taken.",
        "slug",
      );
    const organization = state.createOrganization({
      name: name.trim(),
      slug: wanted,
      createdBy: session.userId,
    });
    const role = this.options.configuration.creatorRole;
    state.addMembership(
      organization.id,
      session.userId,
      role,
      this.options.configuration.tokenPermissions(role),
    );
    return state.getOrganization(organization.id);
  }

  private endAll(client: Client) {
    for (const session of this.sessions.liveSessions(client))
      this.sessions.end(client, session, "removed");
  }

  /** The Backend API's test session: a new client signed in as the user, in the organization if given. */
  startTestSession(userId: string, organizationId: string | undefined): Session {
    const client = this.sessions.createClient();
    const session = this.sessions.start(client, this.options.state.getUser(userId));
    this.sessions.touch(client, session, organizationId ?? null);
    return session;
  }

  findSession(sessionId: string): Session | undefined {
    return this.sessions.sessions.get(sessionId);
  }

  /** A session token for the session's user and active organization, built as the instance's template says. */
  async mint(
    session: Session,
    authorizedParty: string | undefined,
    lifetimeSeconds = this.options.tokenLifetimeSeconds,
  ): Promise<string> {
    const user = this.options.state.getUser(session.userId);
    const membership = this.options.state
      .membershipsOfUser(user.id)
      .find((m) => m.organization.id === session.activeOrganizationId);
    const minted = await mintSessionToken(this.options.keys, this.options.instance, {
      userId: user.id,
      sessionId: session.id,
      lifetimeSeconds,
      ...(authorizedParty ? { authorizedParty } : {}),
      ...(membership ? { organization: this.activeOrganization(membership) } : {}),
      claims: this.options.configuration.sessionClaims(user),
    });
    session.lastActiveToken = minted.token;
    return minted.token;
  }

  private activeOrganization(membership: MembershipState): ActiveOrganization {
    return {
      id: membership.organization.id,
      slug: membership.organization.slug ?? "",
      role: membership.role,
      permissions: this.options.configuration.roleByKey(membership.role)
        ? this.options.configuration.tokenPermissions(membership.role)
        : (membership.permissions ?? []),
    };
  }

  private wrap(call: Call, response: unknown) {
    return { response, client: call.client ? this.clientJson(call.client) : null };
  }

  private userJson(user: UserState) {
    return userResource(
      user,
      this.options.state.membershipsOfUser(user.id),
      this.sessions.lastSignInAt(user.id),
    );
  }

  private sessionJson(session: Session) {
    const user = this.options.state.getUser(session.userId);
    return sessionResource({
      session,
      user,
      memberships: this.options.state.membershipsOfUser(user.id),
      lastSignInAt: this.sessions.lastSignInAt(user.id),
    });
  }

  private signInJson(id: string) {
    const signIn = this.sessions.signIns.get(id);
    if (!signIn) throw new FrontendApiError(404, "resource_not_found", "Sign-in not found.");
    return signInResource(signIn, this.options.state.users.get(signIn.userId));
  }

  clientJson(client: Client) {
    const signIn = client.signInId ? this.signInJson(client.signInId) : null;
    const signUpState = client.signUpId ? this.sessions.signUps.get(client.signUpId) : undefined;
    return clientResource(
      client,
      this.sessions.liveSessions(client).map((session) => this.sessionJson(session)),
      signIn,
      signUpState ? signUpResource(signUpState) : null,
    );
  }
}
