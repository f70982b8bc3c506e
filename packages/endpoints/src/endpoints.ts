import { parseSessionClaims } from "@crosswalk/claims";
import {
  createTask,
  deleteTask,
  findProfile,
  listTasks,
  type ProfileView,
  pingDatabase,
  updateProfile,
  upsertUserFromBackend,
} from "@crosswalk/db";
import { consoleLogger } from "@crosswalk/log";
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

function taskView(task: { id: string; title: string; createdBy: string; createdAt: Date }) {
  return {
    id: task.id,
    title: task.title,
    createdBy: task.createdBy,
    createdAt: task.createdAt.toISOString(),
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
     * (currentUser(), clerkClient().users.getUser), the parsed claims, the session's active organization
     * and the synced profile.
     */
    async dashboard(
      auth: SignedInAuth,
      user: { firstName: string | null; lastName: string | null } | null,
    ) {
      const { claims } = parseSessionClaims(auth.sessionClaims);
      const profile = await syncedProfile(auth.userId);
      return {
        userId: auth.userId,
        name: [user?.firstName, user?.lastName].filter(Boolean).join(" "),
        claims,
        organization: auth.orgId ? { id: auth.orgId, role: auth.orgRole ?? null } : null,
        synced: profile.error
          ? null
          : { source: profile.value.source, profile: profile.value.view.profile },
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

    listTasks: async (auth: SessionAuth | null | undefined): Promise<EndpointResult> => {
      const scope = taskScope(auth, taskPermissions.read);
      if (scope.error) return scope.error;
      const tasks = await listTasks(deps.db, scope.value.organizationId);
      return ok({ tasks: tasks.map(taskView) });
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
      return ok({ task: taskView(task) }, 201);
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
