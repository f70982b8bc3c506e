import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { membershipData, organizationData, userData } from "@crosswalk/webhooks/testing";
import type { InstanceConfiguration } from "./configuration.ts";
import { randomHex } from "./ids.ts";
import type { InstanceKeys } from "./instance.ts";
import {
  HttpError,
  type InstanceApiContext,
  instanceRoute,
  type TestSessions,
} from "./instance-api.ts";
import type { SigningKeys } from "./keys.ts";
import { creationOrderPage, inCreationOrder, page, paginated } from "./paging.ts";
import { type ClerkState, type NewUser, NotFound } from "./state.ts";

export interface BackendFaults {
  /** Answer every request with this status (a Clerk error body) until cleared. */
  status?: number | undefined;
  /** Only the next N requests fail; unlimited when undefined. */
  times?: number | undefined;
  /** Sent as Retry-After with the failure, as Clerk does with its 429s. */
  retryAfterSeconds?: number | undefined;
  latencyMs?: number | undefined;
  /** Only requests to paths starting with this (`/v1/sessions`) fail; every path when undefined. */
  pathPrefix?: string | undefined;
  /** Only requests to exactly this path fail (`/v1/users`, the user list, and not one user under it). */
  path?: string | undefined;
}

export interface RecordedRequest {
  method: string;
  path: string;
}

function clerkError(code: string) {
  return {
    errors: [
      { message: code.replaceAll("_", " "), long_message: `The request failed: ${code}.`, code },
    ],
    clerk_trace_id: randomHex(16),
  };
}

// The SDK parses a response only when its content type is exactly `application/json`
// (with `; charset=utf-8` it hands back the raw string), so no framework helper writes these.
function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {}
  throw new HttpError(400, "form_param_format_invalid");
}

/** CreateUser's body as the state's input: the first email address, the names, the public metadata. */
function newUser(body: Record<string, unknown>): NewUser {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : null);
  const emails = Array.isArray(body.email_address) ? body.email_address : [];
  const metadata = body.public_metadata;
  return {
    email: typeof emails[0] === "string" ? emails[0] : null,
    firstName: text("first_name"),
    lastName: text("last_name"),
    username: text("username"),
    ...(typeof metadata === "object" && metadata !== null && !Array.isArray(metadata)
      ? { publicMetadata: metadata as Record<string, unknown> }
      : {}),
  };
}

/** The subset of Clerk's Backend API that the apps and a reconcile job call, over in-memory state. */
export class BackendApi {
  faults: BackendFaults = {};
  /**
   * What the same server answers without a secret key (the Frontend API, the offline sign-in), tried in
   * order; each returns true when it handled the request.
   */
  readonly pages: ((
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ) => Promise<boolean>)[] = [];
  /**
   * Handshake cookies by nonce, which the Frontend API hands out and an app's SDK fetches; a nonce lasts a
   * minute, since a dev server may render the page it comes back to more than once.
   */
  readonly handshakePayloads = new Map<string, { directives: string[]; expiresAt: number }>();
  readonly requests: RecordedRequest[] = [];
  /** Where the testing endpoints start sessions and mint their tokens: the Frontend API, once it exists. */
  testSessions: TestSessions | undefined;
  private server: Server | undefined;
  private url = "";
  private readonly state: ClerkState;
  private readonly keys: SigningKeys;
  private readonly instance: InstanceKeys;
  private readonly configuration: InstanceConfiguration;

  constructor(
    state: ClerkState,
    keys: SigningKeys,
    instance: InstanceKeys,
    configuration: InstanceConfiguration,
  ) {
    this.state = state;
    this.keys = keys;
    this.instance = instance;
    this.configuration = configuration;
  }

  async listen(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() =>
        send(response, 500, clerkError("internal_clerk_error")),
      );
    });
    // Node closes an idle kept-alive socket after 5 s, which races a client whose own 4 s timer has not
    // run yet because the same process was busy (an embedded PGlite query blocks the thread): its next
    // request then fails with "fetch failed". Clerk's servers keep connections far longer.
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://localhost");
    const method = request.method ?? "GET";
    this.requests.push({ method, path: url.pathname });
    for (const page of this.pages) if (await page(request, response, url)) return;

    if (this.faults.latencyMs)
      await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
    if (
      this.faults.status &&
      (this.faults.times === undefined || this.faults.times > 0) &&
      url.pathname.startsWith(this.faults.pathPrefix ?? "") &&
      (this.faults.path === undefined || url.pathname === this.faults.path)
    ) {
      if (this.faults.times !== undefined) this.faults.times -= 1;
      const code = this.faults.status === 429 ? "too_many_requests" : "internal_clerk_error";
      return send(
        response,
        this.faults.status,
        clerkError(code),
        this.faults.retryAfterSeconds === undefined
          ? {}
          : { "retry-after": String(this.faults.retryAfterSeconds) },
      );
    }
    if (request.headers.authorization !== `Bearer ${this.instance.secretKey}`) {
      return send(response, 401, clerkError("authentication_invalid"));
    }
    try {
      const body = await this.route(
        method,
        url.pathname.replace(/^\/v1/, ""),
        url.searchParams,
        request,
      );
      send(response, 200, body);
    } catch (error) {
      if (error instanceof NotFound) return send(response, 404, clerkError("resource_not_found"));
      if (error instanceof HttpError) return send(response, error.status, clerkError(error.code));
      throw error;
    }
  }

  private async route(
    method: string,
    path: string,
    query: URLSearchParams,
    request: IncomingMessage,
  ): Promise<unknown> {
    const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
    const [resource, id, sub] = segments;
    const get = method === "GET";
    const configured = await instanceRoute(this.instanceContext(), method, segments, query, () =>
      readJson(request),
    );
    if (configured !== undefined) return configured;

    if (get && resource === "jwks" && !id) return { keys: [this.keys.jwk] };
    // The emulator has no bot protection to bypass; @clerk/testing's clerkSetup() asks for one regardless.
    if (method === "POST" && resource === "testing_tokens" && !id) {
      const issuedAt = Math.floor(Date.now() / 1000);
      return {
        object: "testing_token",
        token: `${issuedAt}-${randomHex(16)}`,
        expires_at: issuedAt + 3600,
      };
    }
    if (get && resource === "clients" && id === "handshake_payload" && !sub) {
      const nonce = query.get("nonce") ?? "";
      const payload = this.handshakePayloads.get(nonce);
      if (!payload || payload.expiresAt < Date.now()) throw new NotFound(path);
      return { directives: payload.directives };
    }
    if (resource === "users") {
      if (get && !id) {
        if (query.getAll("user_id").length === 0)
          return creationOrderPage(this.state.users, query).map(userData);
        return page(this.filteredUsers(query), query).map(userData);
      }
      if (method === "POST" && !id)
        return userData(this.state.createUser(newUser(await readJson(request))));
      if (method === "DELETE" && id && !sub) {
        this.state.deleteUser(id);
        return { object: "user", id, deleted: true };
      }
      if (get && id === "count" && !sub) {
        const count =
          query.getAll("user_id").length === 0
            ? this.state.users.size
            : this.filteredUsers(query).length;
        return { object: "total_count", total_count: count };
      }
      if (get && id && !sub) return userData(this.state.getUser(id));
      if (method === "PATCH" && id && sub === "metadata" && segments.length === 3) {
        this.state.getUser(id);
        const patch = await readJson(request);
        const publicMetadata = patch.public_metadata as Record<string, unknown> | undefined;
        return userData(
          this.state.updateUserMetadata(id, publicMetadata ? { publicMetadata } : {}),
        );
      }
      if (get && id && sub === "organization_memberships") {
        this.state.getUser(id);
        const memberships = this.state.membershipsOfUser(id);
        return {
          data: page(memberships, query).map(membershipData),
          total_count: memberships.length,
        };
      }
    }
    if (resource === "organizations") {
      if (get && !id)
        return {
          data: creationOrderPage(this.state.organizations, query).map(organizationData),
          total_count: this.state.organizations.size,
        };
      if (get && id && !sub) return organizationData(this.state.getOrganization(id));
      if (get && id && sub === "memberships") {
        const organizationId = this.state.getOrganization(id).id;
        const userIds = query.getAll("user_id");
        const memberships = inCreationOrder(this.state.memberships, query).filter(
          (membership) =>
            membership.organization.id === organizationId &&
            (userIds.length === 0 || userIds.includes(membership.user.id)),
        );
        return paginated(memberships, query, membershipData);
      }
    }
    if (get && resource === "organization_memberships" && !id)
      return {
        data: creationOrderPage(this.state.memberships, query).map(membershipData),
        total_count: this.state.memberships.size,
      };
    throw new NotFound(path);
  }

  private instanceContext(): InstanceApiContext {
    if (!this.testSessions) throw new Error("the Backend API was started without the Frontend API");
    return {
      instance: this.instance,
      configuration: this.configuration,
      sessions: this.testSessions,
      apiUrl: this.url,
    };
  }

  private filteredUsers(query: URLSearchParams) {
    const ids = query.getAll("user_id");
    const users = inCreationOrder(this.state.users, query);
    return ids.length === 0 ? users : users.filter((user) => ids.includes(user.id));
  }
}
