import { OrganizationSwitcher, UserButton } from "@clerk/react-router";
import { getAuth } from "@clerk/react-router/server";
import { Dashboard, organizationSwitcherOptions } from "@crosswalk/ui";
import { redirect } from "react-router";
import { OnboardingWithRefresh } from "../components/onboarding-control";
import { api } from "../server/api.server";
import { clerkClient } from "../server/clerk.server";
import type { Route } from "./+types/dashboard";

export async function loader(args: Route.LoaderArgs) {
  const session = await getAuth(args);
  if (!session.userId)
    return redirect(`/sign-in?redirect_url=${encodeURIComponent(args.request.url)}`);
  const user = await clerkClient().users.getUser(session.userId);
  return (await api()).dashboard(session, user);
}

export default function DashboardPage({ loaderData }: Route.ComponentProps) {
  const { userId, name, claims, organization, synced, workspace } = loaderData;
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
