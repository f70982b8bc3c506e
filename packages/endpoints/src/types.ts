import type { BackendUser, Database, DatabaseKind } from "@crosswalk/db";
import type { Logger } from "@crosswalk/log";

export interface EndpointResult {
  status: number;
  /** Absent for 204. */
  body?: unknown;
  /**
   * Set when the request's body was refused and is being drained: the answer says `Connection: close` and
   * ends once this settles (a lingering close), since the connection cannot carry another request.
   */
  closeAfter?: Promise<void>;
}

/** The fields every Clerk SDK's server-side auth object has (getAuth(req), auth(), getAuth(args)). */
export interface SessionAuth {
  userId: string | null;
  sessionId?: string | null;
  orgId?: string | null;
  orgRole?: string | null;
  sessionClaims?: unknown;
  has(check: { permission: string }): boolean;
}

/** The Backend API calls the contract makes, as the SDK's `clerkClient.users` offers them. */
export interface ClerkUsers {
  getUser(
    userId: string,
  ): Promise<BackendUser & { imageUrl: string | null; username: string | null }>;
  /**
   * The users with these ids, in one request (and the SDK's count request beside it); Clerk's default page
   * is 10, so the caller asks for as many as it names.
   */
  getUserList(params: { userId: string[]; limit: number }): Promise<{ data: BackendUser[] }>;
  updateUserMetadata(
    userId: string,
    params: { publicMetadata: Record<string, unknown> },
  ): Promise<unknown>;
}

export interface EndpointDependencies {
  /** The app's framework, as /api/health reports it. */
  framework: string;
  db: Database;
  databaseKind: DatabaseKind;
  users: ClerkUsers;
  /** The origins whose pages may write with the session cookie (the app's CLERK_AUTHORIZED_PARTIES). */
  authorizedParties: readonly string[];
  /** Absent: the console, under the framework's name. */
  log?: Logger | undefined;
}
