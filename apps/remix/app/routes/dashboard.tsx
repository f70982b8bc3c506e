import { OrganizationSwitcher, UserButton } from "@clerk/remix";
import { getAuth } from "@clerk/remix/ssr.server";
import { Dashboard, organizationSwitcherOptions } from "@crosswalk/ui";
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OnboardingWithRefresh } from "../components/onboarding-control";
import { api } from "../server/api.server";
import { clerkClient, clerkOptions } from "../server/clerk.server";

export async function loader(args: LoaderFunctionArgs) {
  const session = await getAuth(args, clerkOptions());
  if (!session.userId)
    return redirect(`/sign-in?redirect_url=${encodeURIComponent(args.request.url)}`);
  const user = await clerkClient().users.getUser(session.userId);
  return (await api()).dashboard(session, user);
}

export default function DashboardPage() {
  const { userId, name, claims, organization, synced, workspace } = useLoaderData<typeof loader>();
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
