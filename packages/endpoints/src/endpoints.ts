import { parseSessionClaims } from "@crosswalk/claims";
import {
  createTask,
  deleteTask,
  findProfile,
  listMembers,
  listTasks,
  type MemberPosition,
  membersByUserId,
  type NamedUser,
  namedUsers,
  type ProfileView,
  pingDatabase,
  updateProfile,
  upsertUserFromBackend,
} from "@crosswalk/db";
import { consoleLogger } from "@crosswalk/log";
import {
  authorView,
  encodeCursor,
  fillUsers,
  type MemberView,
  memberPageLimits,
  memberViews,
  parseMemberPage,
} from "./members.ts";
import { type RequestFacts, refuseCrossSite, refuseNonJson } from "./request.ts";
import {
  fail,
  ok,
  parseJsonBody,
  unauthenticated,
  upstreamStatus,
  upstreamUnavailable,
} from "./responses.ts";
import type { EndpointDependencies, EndpointResult, SessionAuth } from "./types.ts";
import { describeIssues, newTask, profilePatch } from "./validation.ts";

export const taskPermissions = {
  read: "org:tasks:read",
  create: "org:tasks:create",
  delete: "org:tasks:delete",
} as const;

export type SignedInAuth = SessionAuth & { userId: string };
/** A value, or the error response that stands in for it. */
type Outcome<T> = { value: T; error?: never } | { error: EndpointResult; value?: never };

function signedIn(auth: SessionAuth | null | undefined): auth is SignedInAuth {
  return typeof auth?.userId === "string" && auth.userId.length > 0;
}

function taskView(
  task: { id: string; title: string; createdBy: string; createdAt: Date },
  authors: Map<string, NamedUser>,
) {
  const author = authors.get(task.createdBy);
  return {
    id: task.id,
    title: task.title,
    createdBy: task.createdBy,
    createdAt: task.createdAt.toISOString(),
    author: author ? authorView(author) : { userId: task.createdBy, name: null, imageUrl: null },
  };
}

/**
 * The contract's endpoints over the shared packages. Each app authenticates with its framework's Clerk
 * SDK and passes the auth object in; every endpoint checks it again, whatever ran before.
 */
export function createEndpoints(deps: EndpointDependencies) {
  const log = deps.log ?? consoleLogger(deps.framework);

  async function fetchUser(
    userId: string,
  ): Promise<Outcome<Awaited<ReturnType<typeof deps.users.getUser>>>> {
    try {
      return { value: await deps.users.getUser(userId) };
    } catch (error) {
      const status = upstreamStatus(error);
      if (status === 404) return { error: fail(404, "user_not_found") };
      log.warn({ status: status ?? "unreachable" }, "Backend API getUser failed");
      return { error: upstreamUnavailable() };
    }
  }

  /** The synced profile, filled from the Backend API when the user's webhook has not arrived yet. */
  async function syncedProfile(
    userId: string,
  ): Promise<Outcome<{ view: ProfileView; source: string }>> {
    const stored = await findProfile(deps.db, userId);
    if (stored) return { value: { view: stored, source: "database" } };
    const fetched = await fetchUser(userId);
    if (fetched.error) return fetched;
    await upsertUserFromBackend(deps.db, fetched.value);
    const filled = await findProfile(deps.db, userId);
    return filled
      ? { value: { view: filled, source: "backend-api" } }
      : { error: fail(404, "user_not_found") };
  }

  function taskScope(
    auth: SessionAuth | null | undefined,
    permission: string,
  ): Outcome<{ userId: string; organizationId: string }> {
    if (!signedIn(auth)) return { error: unauthenticated() };
    if (!auth.orgId) return { error: fail(403, "no_active_organization") };
    if (!auth.has({ permission }))
      return { error: fail(403, "forbidden", { missing: permission }) };
    return { value: { userId: auth.userId, organizationId: auth.orgId } };
  }

  /** The users as the copy knows them, with those it lacks filled from the Backend API in one call. */
  async function withFilledUsers(known: NamedUser[]): Promise<Map<string, NamedUser>> {
    const unsynced = known.filter((user) => user.state === "unsynced").map((user) => user.userId);
    const filled = await fillUsers({ db: deps.db, users: deps.users, log }, unsynced);
    return new Map(known.map((user) => [user.userId, filled.get(user.userId) ?? user]));
  }

  async function tasksWithAuthors(organizationId: string) {
    const tasks = await listTasks(deps.db, organizationId);
    const authors = await withFilledUsers(tasks.map((task) => task.author));
    return tasks.map((task) => taskView(task, authors));
  }

  /** One page of the organization's members, from the synced copy, filled where it lacks their users. */
  async function memberPage(
    organizationId: string,
    page: { limit: number; after?: MemberPosition | undefined },
  ): Promise<{ members: MemberView[]; nextCursor: string | null }> {
    const rows = await listMembers(deps.db, organizationId, { ...page, limit: page.limit + 1 });
    const shown = rows.slice(0, page.limit);
    const last = shown.at(-1);
    const nextCursor = rows.length > page.limit && last ? encodeCursor(last.position) : null;
    const unsynced = shown.filter((row) => row.state !== "synced").map((row) => row.userId);
    const filled = await fillUsers({ db: deps.db, users: deps.users, log }, unsynced);
    const refreshed = await membersByUserId(deps.db, organizationId, unsynced);
    return {
      members: memberViews(shown, filled, new Map(refreshed.map((row) => [row.userId, row]))),
      nextCursor,
    };
  }

  /** Refusals every write shares, in the contract's order: cross-site first, then the media type. */
  const refuseWrite = (request: RequestFacts, json: boolean) =>
    refuseCrossSite(request, deps.authorizedParties) ?? (json ? refuseNonJson(request) : undefined);

  return {
    /** The database as it is now; {@link healthOf} bounds how long this may take. */
    async health(): Promise<EndpointResult> {
      await pingDatabase(deps.db);
      return ok({ ok: true, framework: deps.framework, database: deps.databaseKind });
    },

    me: async (auth: SessionAuth | null | undefined): Promise<EndpointResult> => {
      if (!signedIn(auth)) return unauthenticated();
      const fetched = await fetchUser(auth.userId);
      if (fetched.error) return fetched.error;
      const user = fetched.value;
      return ok({
        userId: auth.userId,
        sessionId: auth.sessionId ?? null,
        orgId: auth.orgId ?? null,
        orgRole: auth.orgRole ?? null,
        user: {
          id: user.id,
          primaryEmailAddress: user.primaryEmailAddress?.emailAddress ?? null,
          firstName: user.firstName,
          lastName: user.lastName,
          username: user.username,
          imageUrl: user.imageUrl,
        },
      });
    },

    claims(auth: SessionAuth | null | undefined): EndpointResult {
      if (!signedIn(auth)) return unauthenticated();
      const { claims, issues } = parseSessionClaims(auth.sessionClaims);
      return ok({ userId: auth.userId, claims, issues });
    },

    getProfile: async (auth: SessionAuth | null | undefined): Promise<EndpointResult> => {
      if (!signedIn(auth)) return unauthenticated();
      const profile = await syncedProfile(auth.userId);
      if (profile.error) return profile.error;
      return ok({ source: profile.value.source, ...profile.value.view });
    },

    putProfile: async (
      auth: SessionAuth | null | undefined,
      request: RequestFacts,
    ): Promise<EndpointResult> => {
      if (!signedIn(auth)) return unauthenticated();
      const refused = refuseWrite(request, true);
      if (refused) return refused;
      const body = await request.jsonBody();
      if (!body.ok) return body.refusal;
      const json = parseJsonBody(body.text);
      if (!json.ok) return fail(400, "invalid_json");
      const patch = profilePatch.safeParse(json.value);
      if (!patch.success)
        return fail(400, "invalid_request", { issues: describeIssues(patch.error) });
      const profile = await syncedProfile(auth.userId);
      if (profile.error) return profile.error;
      const updated = await updateProfile(deps.db, auth.userId, patch.data);
      if (!updated) return fail(404, "user_not_found");
      return ok({ source: profile.value.source, ...updated });
    },

    /**
     * What the dashboard page shows: the name from the user the app fetched with its own Clerk helper
     * (currentUser(), clerkClient().users.getUser), the parsed claims, the session's active organization,
     * the synced profile, and the organization's first members and tasks with what the token lets it do.
     */
    async dashboard(
      auth: SignedInAuth,
      user: { firstName: string | null; lastName: string | null } | null,
    ) {
      const { claims } = parseSessionClaims(auth.sessionClaims);
      const profile = await syncedProfile(auth.userId);
      const organizationId = auth.orgId;
      const canRead = auth.has({ permission: taskPermissions.read });
      return {
        userId: auth.userId,
        name: [user?.firstName, user?.lastName].filter(Boolean).join(" "),
        claims,
        organization: auth.orgId ? { id: auth.orgId, role: auth.orgRole ?? null } : null,
        synced: profile.error
          ? null
          : { source: profile.value.source, profile: profile.value.view.profile },
        workspace: organizationId
          ? {
              members: await memberPage(organizationId, { limit: memberPageLimits.default }),
              tasks: canRead ? await tasksWithAuthors(organizationId) : null,
              canCreateTask: auth.has({ permission: taskPermissions.create }),
              canDeleteTask: auth.has({ permission: taskPermissions.delete }),
            }
          : null,
      };
    },

    completeOnboarding: async (
      auth: SessionAuth | null | undefined,
      request: RequestFacts,
    ): Promise<EndpointResult> => {
      if (!signedIn(auth)) return unauthenticated();
      const refused = refuseWrite(request, false);
      if (refused) return refused;
      try {
        await deps.users.updateUserMetadata(auth.userId, {
          publicMetadata: { onboardingComplete: true },
        });
      } catch (error) {
        const status = upstreamStatus(error);
        if (status === 404) return fail(404, "user_not_found");
        log.warn({ status: status ?? "unreachable" }, "Backend API updateUserMetadata failed");
        return upstreamUnavailable();
      }
      return ok({ onboardingComplete: true });
    },

    /** Any member may list the members: the token's organization claims prove the membership. */
    listMembers: async (
      auth: SessionAuth | null | undefined,
      request: RequestFacts,
    ): Promise<EndpointResult> => {
      if (!signedIn(auth)) return unauthenticated();
      if (!auth.orgId) return fail(403, "no_active_organization");
      const page = parseMemberPage(request.query);
      if (!page.ok) return fail(400, "invalid_request", { issues: page.issues });
      return ok(await memberPage(auth.orgId, page));
    },

    listTasks: async (auth: SessionAuth | null | undefined): Promise<EndpointResult> => {
      const scope = taskScope(auth, taskPermissions.read);
      if (scope.error) return scope.error;
      return ok({ tasks: await tasksWithAuthors(scope.value.organizationId) });
    },

    createTask: async (
      auth: SessionAuth | null | undefined,
      request: RequestFacts,
    ): Promise<EndpointResult> => {
      const scope = taskScope(auth, taskPermissions.create);
      if (scope.error) return scope.error;
      const refused = refuseWrite(request, true);
      if (refused) return refused;
      const body = await request.jsonBody();
      if (!body.ok) return body.refusal;
      const json = parseJsonBody(body.text);
      if (!json.ok) return fail(400, "invalid_json");
      const input = newTask.safeParse(json.value);
      if (!input.success)
        return fail(400, "invalid_request", { issues: describeIssues(input.error) });
      const task = await createTask(deps.db, {
        organizationId: scope.value.organizationId,
        title: input.data.title,
        createdBy: scope.value.userId,
      });
      if (!task) return fail(404, "not_found");
      const author = await namedUsers(deps.db, [task.createdBy]);
      return ok({ task: taskView(task, await withFilledUsers([...author.values()])) }, 201);
    },

    deleteTask: async (
      auth: SessionAuth | null | undefined,
      request: RequestFacts,
      taskId: string,
    ): Promise<EndpointResult> => {
      const scope = taskScope(auth, taskPermissions.delete);
      if (scope.error) return scope.error;
      const refused = refuseWrite(request, false);
      if (refused) return refused;
      const deleted = await deleteTask(deps.db, {
        organizationId: scope.value.organizationId,
        taskId,
      });
      return deleted ? { status: 204 } : fail(404, "not_found");
    },
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;

/** How long GET /api/health waits for the database: an orchestrator's probe gives up after a few seconds. */
export const healthTimeoutMs = 2_000;

/**
 * GET /api/health: 200 while the database answers a query within {@link healthTimeoutMs}, else 503, whether it
 * never opened (a database that starts late) or stopped answering under the running app.
 */
export async function healthOf(api: () => Promise<Endpoints>): Promise<EndpointResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), healthTimeoutMs);
  });
  try {
    return await Promise.race([api().then((endpoints) => endpoints.health()), timedOut]);
  } catch {
    // The same shape as the 200, so a probe reads one field either way.
    return { status: 503, body: { ok: false, database: "unavailable" } };
  } finally {
    clearTimeout(timer);
  }
}
