import { randomInt, scryptSync, timingSafeEqual } from "node:crypto";
import type { UserState } from "@crosswalk/webhooks/testing";
import { clerkId, randomHex } from "../ids.ts";
import type { ClerkState } from "../state.ts";

/** A Frontend API refusal: the status and Clerk's error code, as clerk-js shows them in its forms. */
export class FrontendApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly paramName: string | undefined;
  constructor(status: number, code: string, message: string, paramName?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.paramName = paramName;
  }
}

export interface Client {
  id: string;
  sessionIds: string[];
  signInId: string | null;
  signUpId: string | null;
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Session {
  id: string;
  clientId: string;
  userId: string;
  status: "active" | "ended" | "removed";
  activeOrganizationId: string | null;
  lastActiveToken: string | null;
  expireAt: number;
  abandonAt: number;
  lastActiveAt: number;
  createdAt: number;
  updatedAt: number;
}

interface CodeVerification {
  status: "unverified" | "verified" | "failed";
  attempts: number;
  expireAt: number;
  code: string;
}

export interface SignUp {
  id: string;
  emailAddress: string | null;
  passwordHash: string | undefined;
  emailVerification: CodeVerification | null;
  createdUserId: string | null;
  createdSessionId: string | null;
  abandonAt: number;
}

export interface SignIn {
  id: string;
  identifier: string;
  userId: string;
  firstFactor:
    | ({ strategy: "password" } & Omit<CodeVerification, "code" | "expireAt"> & { expireAt: null })
    | ({ strategy: "email_code" } & CodeVerification)
    | null;
  createdSessionId: string | null;
  abandonAt: number;
}

export interface SessionOptions {
  /** Called with every one-time code the instance would have mailed, except test-mode ones. */
  onEmailCode: (emailAddress: string, code: string) => void;
  /** Days a session lives, as the Dashboard's "maximum lifetime". */
  sessionLifetimeDays: number;
}

const day = 24 * 3600 * 1000;
const codeLifetimeMs = 10 * 60 * 1000;
const maxCodeAttempts = 5;
/** Clerk's test mode: a `+clerk_test` address gets this code, and nothing is mailed. */
const testModeCode = "424242";

function hashPassword(password: string): string {
  const salt = randomHex(16);
  return `${salt}:${scryptSync(password, salt, 32).toString("hex")}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [salt, hash] = stored.split(":");
  if (!salt || !hash) return false;
  return timingSafeEqual(scryptSync(password, salt, 32), Buffer.from(hash, "hex"));
}

function checkPassword(password: string | undefined): string {
  if (!password || password.length < 8)
    throw new FrontendApiError(
      422,
      "form_password_length_too_short",
      "Passwords must be 8 characters or more.",
      "password",
    );
  if (password.length > 72)
    throw new FrontendApiError(
      422,
      "form_password_length_too_long",
      "Passwords must be 72 characters or less.",
      "password",
    );
  return hashPassword(password);
}

function checkEmail(emailAddress: string | undefined): string {
  const trimmed = emailAddress?.trim().toLowerCase();
  if (!trimmed || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed))
    throw new FrontendApiError(
      422,
      "form_param_format_invalid",
      "Enter a valid email address.",
      "email_address",
    );
  return trimmed;
}

/**
 * The Frontend API's side of Clerk: browsers' clients, their sessions and their sign-in and sign-up
 * attempts, over the users and organizations of {@link ClerkState}.
 */
export class Sessions {
  readonly clients = new Map<string, Client>();
  readonly sessions = new Map<string, Session>();
  readonly signIns = new Map<string, SignIn>();
  readonly signUps = new Map<string, SignUp>();
  private readonly passwords = new Map<string, string>();
  private readonly lastSignIns = new Map<string, number>();
  private readonly state: ClerkState;
  private readonly options: SessionOptions;

  constructor(state: ClerkState, options: SessionOptions) {
    this.state = state;
    this.options = options;
  }

  /** Gives an existing user a password, as a user would set one in their profile. */
  setPassword(userId: string, password: string): void {
    this.state.getUser(userId);
    this.passwords.set(userId, checkPassword(password));
  }

  lastSignInAt(userId: string): number | null {
    return this.lastSignIns.get(userId) ?? null;
  }

  createClient(): Client {
    const now = Date.now();
    const client: Client = {
      id: clerkId("client"),
      sessionIds: [],
      signInId: null,
      signUpId: null,
      lastActiveSessionId: null,
      createdAt: now,
      updatedAt: now,
    };
    this.clients.set(client.id, client);
    return client;
  }

  /** Sessions that still count: ended and removed ones stay out of the client, as in Clerk. */
  liveSessions(client: Client): Session[] {
    return client.sessionIds
      .map((id) => this.sessions.get(id))
      .filter(
        (session): session is Session =>
          session?.status === "active" && this.state.users.has(session.userId),
      );
  }

  sessionOf(client: Client, sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session || session.clientId !== client.id)
      throw new FrontendApiError(404, "resource_not_found", "Session not found.");
    return session;
  }

  activeSessionOf(client: Client, sessionId: string): Session {
    const session = this.sessionOf(client, sessionId);
    if (session.status !== "active" || !this.state.users.has(session.userId))
      throw new FrontendApiError(401, "authentication_invalid", "The session has ended.");
    return session;
  }

  signUp(client: Client, input: { emailAddress?: string; password?: string }): SignUp {
    const signUp: SignUp = {
      id: clerkId("sua"),
      emailAddress: null,
      passwordHash: undefined,
      emailVerification: null,
      createdUserId: null,
      createdSessionId: null,
      abandonAt: Date.now() + day,
    };
    this.updateSignUp(signUp, input);
    this.signUps.set(signUp.id, signUp);
    client.signUpId = signUp.id;
    this.touchClient(client);
    return signUp;
  }

  updateSignUp(signUp: SignUp, input: { emailAddress?: string; password?: string }): void {
    if (input.emailAddress !== undefined) {
      const emailAddress = checkEmail(input.emailAddress);
      if ([...this.state.users.values()].some((user) => user.email === emailAddress))
        throw new FrontendApiError(
          422,
          "form_identifier_exists",
          "That email address is taken. Please try another.",
          "email_address",
        );
      signUp.emailAddress = emailAddress;
      signUp.emailVerification = null;
    }
    if (input.password !== undefined) signUp.passwordHash = checkPassword(input.password);
  }

  prepareSignUpEmail(signUp: SignUp): void {
    if (!signUp.emailAddress)
      throw new FrontendApiError(
        422,
        "form_param_missing",
        "Enter an email address.",
        "email_address",
      );
    signUp.emailVerification = this.newCode(signUp.emailAddress);
  }

  attemptSignUpEmail(client: Client, signUp: SignUp, code: string | undefined): void {
    this.attemptCode(signUp.emailVerification, code);
    if (!signUp.emailAddress || !signUp.passwordHash) return;
    const user = this.state.createUser({ email: signUp.emailAddress });
    this.passwords.set(user.id, signUp.passwordHash);
    signUp.createdUserId = user.id;
    signUp.createdSessionId = this.start(client, user).id;
  }

  signIn(client: Client, input: { identifier?: string; password?: string }): SignIn {
    const identifier = checkEmail(input.identifier);
    const user = [...this.state.users.values()].find((candidate) => candidate.email === identifier);
    if (!user)
      throw new FrontendApiError(
        422,
        "form_identifier_not_found",
        "Couldn't find your account.",
        "identifier",
      );
    const signIn: SignIn = {
      id: clerkId("sia"),
      identifier,
      userId: user.id,
      firstFactor: null,
      createdSessionId: null,
      abandonAt: Date.now() + day,
    };
    this.signIns.set(signIn.id, signIn);
    client.signInId = signIn.id;
    this.touchClient(client);
    if (input.password !== undefined) this.attemptPassword(client, signIn, input.password);
    return signIn;
  }

  prepareSignInEmail(signIn: SignIn): void {
    const user = this.state.getUser(signIn.userId);
    if (!user.email)
      throw new FrontendApiError(
        422,
        "strategy_for_user_invalid",
        "This user has no email address.",
      );
    signIn.firstFactor = { strategy: "email_code", ...this.newCode(user.email) };
  }

  attemptSignIn(
    client: Client,
    signIn: SignIn,
    input: { strategy?: string; password?: string; code?: string },
  ): void {
    if (input.strategy === "password") {
      this.attemptPassword(client, signIn, input.password ?? "");
      return;
    }
    if (input.strategy !== "email_code" || signIn.firstFactor?.strategy !== "email_code")
      throw new FrontendApiError(
        422,
        "strategy_for_user_invalid",
        "This strategy is not available here.",
        "strategy",
      );
    this.attemptCode(signIn.firstFactor, input.code);
    signIn.createdSessionId = this.start(client, this.state.getUser(signIn.userId)).id;
  }

  private attemptPassword(client: Client, signIn: SignIn, password: string): void {
    const stored = this.passwords.get(signIn.userId);
    const attempts =
      (signIn.firstFactor?.strategy === "password" ? signIn.firstFactor.attempts : 0) + 1;
    if (!stored || !passwordMatches(password, stored)) {
      signIn.firstFactor = { strategy: "password", status: "unverified", attempts, expireAt: null };
      throw new FrontendApiError(
        422,
        "form_password_incorrect",
        "Password is incorrect. Try again, or use another method.",
        "password",
      );
    }
    signIn.firstFactor = { strategy: "password", status: "verified", attempts, expireAt: null };
    signIn.createdSessionId = this.start(client, this.state.getUser(signIn.userId)).id;
  }

  private newCode(emailAddress: string): CodeVerification {
    const testMode = /\+clerk_test@/i.test(emailAddress);
    const code = testMode ? testModeCode : String(randomInt(1_000_000)).padStart(6, "0");
    if (!testMode) this.options.onEmailCode(emailAddress, code);
    return { status: "unverified", attempts: 0, expireAt: Date.now() + codeLifetimeMs, code };
  }

  private attemptCode(verification: CodeVerification | null, code: string | undefined): void {
    if (!verification)
      throw new FrontendApiError(400, "verification_missing", "Request a code first.", "code");
    if (verification.status === "verified") return;
    if (verification.status === "failed" || verification.expireAt < Date.now())
      throw new FrontendApiError(
        422,
        "verification_expired",
        "This code has expired. Request a new one.",
        "code",
      );
    verification.attempts += 1;
    if (code !== verification.code) {
      if (verification.attempts >= maxCodeAttempts) verification.status = "failed";
      throw new FrontendApiError(422, "form_code_incorrect", "Incorrect code", "code");
    }
    verification.status = "verified";
  }

  /** Single-session mode: a new sign-in ends the client's other sessions. */
  start(client: Client, user: UserState): Session {
    for (const other of this.liveSessions(client)) this.end(client, other, "ended");
    const now = Date.now();
    const session: Session = {
      id: clerkId("sess"),
      clientId: client.id,
      userId: user.id,
      status: "active",
      activeOrganizationId: this.state.membershipsOfUser(user.id)[0]?.organization.id ?? null,
      lastActiveToken: null,
      expireAt: now + this.options.sessionLifetimeDays * day,
      abandonAt: now + this.options.sessionLifetimeDays * day,
      lastActiveAt: now,
      createdAt: now,
      updatedAt: now,
    };
    this.sessions.set(session.id, session);
    this.lastSignIns.set(user.id, now);
    client.sessionIds.push(session.id);
    client.lastActiveSessionId = session.id;
    client.signInId = null;
    client.signUpId = null;
    this.touchClient(client);
    return session;
  }

  /** Makes a session the client's active one; `organizationId` null is the personal account. */
  touch(client: Client, session: Session, organizationId: string | null | undefined): void {
    if (organizationId !== undefined) {
      if (
        organizationId !== null &&
        !this.state
          .membershipsOfUser(session.userId)
          .some((m) => m.organization.id === organizationId)
      )
        throw new FrontendApiError(
          403,
          "not_a_member_in_organization",
          "You are not a member of this organization.",
          "active_organization_id",
        );
      session.activeOrganizationId = organizationId;
    }
    const now = Date.now();
    session.lastActiveAt = now;
    session.updatedAt = now;
    client.lastActiveSessionId = session.id;
    this.touchClient(client);
  }

  end(client: Client, session: Session, status: "ended" | "removed"): void {
    session.status = status;
    session.lastActiveToken = null;
    session.updatedAt = Date.now();
    if (client.lastActiveSessionId === session.id) client.lastActiveSessionId = null;
    this.touchClient(client);
  }

  private touchClient(client: Client): void {
    client.updatedAt = Math.max(Date.now(), client.updatedAt + 1);
  }
}
