import { OrganizationSwitcher, UserButton } from "@clerk/nextjs";
import { auth, currentUser } from "@clerk/nextjs/server";
import { Dashboard, organizationSwitcherOptions } from "@crosswalk/ui";
import { api, pageData } from "../../server/api";
import { OnboardingWithRefresh } from "./onboarding-control";

export default async function DashboardPage() {
  // Clerk's resource-based protection: the page guards itself, signed-out visitors go to /sign-in.
  const session = await auth.protect();
  const view = await pageData("/dashboard", async () =>
    (await api()).dashboard(session, await currentUser()),
  );
  return (
    <Dashboard
      {...view}
      account={
        <>
          <OrganizationSwitcher {...organizationSwitcherOptions} />
          <UserButton />
        </>
      }
    >
      <OnboardingWithRefresh complete={view.claims.onboardingComplete} />
    </Dashboard>
  );
}
