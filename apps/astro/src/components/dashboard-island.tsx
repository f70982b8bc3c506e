import { $sessionStore } from "@clerk/astro/client";
import { OrganizationSwitcher, UserButton } from "@clerk/astro/react";
import type { AppClaims } from "@crosswalk/claims";
import {
  Dashboard,
  type DashboardProps,
  OnboardingControl,
  organizationSwitcherOptions,
} from "@crosswalk/ui";
import { useState, useSyncExternalStore } from "react";

type DashboardView = Omit<DashboardProps, "account" | "children">;

/** The dashboard as one React island: Clerk's React components in its header, the claim refreshed in place. */
export function DashboardIsland(view: DashboardView) {
  const [claims, setClaims] = useState<AppClaims>(view.claims);
  // The server has no session to give; Clerk loads it in the browser, around the island's hydration.
  const session = useSyncExternalStore(
    $sessionStore.listen,
    () => $sessionStore.get(),
    () => undefined,
  );
  // #region crosswalk:token-refresh
  // skipCache has Clerk mint a token from the new metadata (Clerk's documented way; a reloaded session's
  // token may predate the change); the island reads the claims again from the API (an Astro page is
  // rendered once, on the server).
  const refreshSession = session
    ? async () => {
        await session.getToken({ skipCache: true });
        const response = await fetch("/api/claims");
        if (!response.ok) throw new Error(`claims answered ${response.status}`);
        setClaims(((await response.json()) as { claims: AppClaims }).claims);
      }
    : undefined;
  // #endregion
  return (
    <Dashboard
      {...view}
      claims={claims}
      account={
        <>
          <OrganizationSwitcher {...organizationSwitcherOptions} />
          <UserButton />
        </>
      }
    >
      <OnboardingControl complete={claims.onboardingComplete} refreshSession={refreshSession} />
    </Dashboard>
  );
}
