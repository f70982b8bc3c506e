import type { AppClaims } from "@crosswalk/claims";
import type { ReactNode } from "react";
import { AfterHydration } from "./after-hydration.tsx";
import type { WorkspaceView } from "./labels.ts";
import { Workspace } from "./workspace.tsx";

export interface SyncedProfile {
  source: string;
  profile: { birthday: string | null; country: string | null; bio: string | null };
}

export interface DashboardProps {
  userId: string;
  name: string;
  claims: AppClaims;
  /** The session's active organization, from the token's org claims. */
  organization: { id: string; role: string | null } | null;
  synced: SyncedProfile | null;
  /** The active organization's members and tasks; null without an active organization. */
  workspace: WorkspaceView | null;
  /** Clerk's organization switcher and user button, from the app's own SDK; rendered once hydrated. */
  account?: ReactNode;
  /** The app's onboarding control, wired to its framework's token refresh. */
  children?: ReactNode;
}

/** Clerk's organization switcher on the dashboard, in every app: each choice comes back to the dashboard. */
export const organizationSwitcherOptions = {
  afterCreateOrganizationUrl: "/dashboard",
  afterSelectOrganizationUrl: "/dashboard",
  afterSelectPersonalUrl: "/dashboard",
  skipInvitationScreen: true,
} as const;

/** The contract's dashboard; the `data-testid`s are the ones the conformance suite reads. */
export function Dashboard({
  userId,
  name,
  claims,
  organization,
  synced,
  workspace,
  account,
  children,
}: DashboardProps) {
  return (
    <main>
      <header className="crosswalk-header">
        <h1>Dashboard</h1>
        <nav className="crosswalk-account">
          <AfterHydration>{account}</AfterHydration>
        </nav>
      </header>
      <dl className="crosswalk-facts">
        <dt>User id</dt>
        <dd data-testid="user-id">{userId}</dd>
        <dt>Name</dt>
        <dd>{name || "—"}</dd>
        <dt>Role claim</dt>
        <dd data-testid="role">{claims.role ?? "none"}</dd>
        <dt>Onboarding complete claim</dt>
        <dd data-testid="onboarding">{String(claims.onboardingComplete)}</dd>
        <dt>Active organization</dt>
        <dd data-testid="organization">
          {organization ? `${organization.id} (${organization.role ?? "no role"})` : "none"}
        </dd>
        <dt>Synced profile</dt>
        <dd data-testid="profile">
          {synced
            ? `from ${synced.source}: birthday ${synced.profile.birthday ?? "—"}, country ${synced.profile.country ?? "—"}`
            : "not available"}
        </dd>
      </dl>
      {children}
      {workspace ? <Workspace workspace={workspace} /> : null}
    </main>
  );
}
