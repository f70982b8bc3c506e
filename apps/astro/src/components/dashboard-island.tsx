import { $sessionStore } from "@clerk/astro/client";
import { OrganizationSwitcher, UserButton } from "@clerk/astro/react";
import type { AppClaims } from "@crosswalk/claims";
import {
  Dashboard,
  type DashboardProps,
  OnboardingControl,
  organizationSwitcherOptions,
} from "@crosswalk/ui";
import { useState } from "react";

type DashboardView = Omit<DashboardProps, "account" | "children">;

/** The dashboard as one React island: Clerk's React components in its header, the claim refreshed in place. */
export function DashboardIsland(view: DashboardView) {
  const [claims, setClaims] = useState<AppClaims>(view.claims);
  // #region crosswalk:token-refresh
  // A new token from the reloaded session carries the new metadata; the island reads the claims again from
  // the API (an Astro page is rendered once, on the server).
  const refreshSession = async () => {
    await $sessionStore.get()?.reload();
    const response = await fetch("/api/claims");
    if (!response.ok) throw new Error(`claims answered ${response.status}`);
    setClaims(((await response.json()) as { claims: AppClaims }).claims);
  };
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
