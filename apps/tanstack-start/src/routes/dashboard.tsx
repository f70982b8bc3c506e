import { OrganizationSwitcher, UserButton } from "@clerk/tanstack-react-start";
import { auth, clerkClient } from "@clerk/tanstack-react-start/server";
import { Dashboard, organizationSwitcherOptions } from "@crosswalk/ui";
import { createFileRoute, redirect } from "@tanstack/react-router";
import { createServerFn } from "@tanstack/react-start";
import { OnboardingWithRefresh } from "../components/onboarding-control";
import { api, pageData } from "../server/api";

// Server functions: auth() and clerkClient() run on the server even when the client navigates here.
async function signedInSession() {
  const session = await auth();
  if (!session.userId)
    throw redirect({
      to: "/sign-in/$",
      params: { _splat: "" },
      search: { redirect_url: "/dashboard" },
    });
  return session;
}

const requireSignIn = createServerFn({ method: "GET" }).handler(async () => {
  await signedInSession();
});

const loadDashboard = createServerFn({ method: "GET" }).handler(async () => {
  const session = await signedInSession();
  return pageData("/dashboard", async () =>
    (await api()).dashboard(session, await clerkClient().users.getUser(session.userId)),
  );
});

export const Route = createFileRoute("/dashboard")({
  // The guard, as Clerk's TanStack guidance places it: before the loader, so a signed-out visitor loads nothing.
  beforeLoad: () => requireSignIn(),
  loader: () => loadDashboard(),
  component: DashboardPage,
});

function DashboardPage() {
  const { userId, name, claims, organization, synced, workspace } = Route.useLoaderData();
  return (
    <Dashboard
      userId={userId}
      name={name}
      claims={claims}
      organization={organization}
      synced={synced}
      workspace={workspace}
      account={
        <>
          <OrganizationSwitcher {...organizationSwitcherOptions} />
          <UserButton />
        </>
      }
    >
      <OnboardingWithRefresh complete={claims.onboardingComplete} />
    </Dashboard>
  );
}
