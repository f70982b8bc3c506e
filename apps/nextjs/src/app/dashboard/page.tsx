import { auth, currentUser } from "@clerk/nextjs/server";
import { Dashboard } from "@crosswalk/ui";
import { api } from "../../server/api";
import { OnboardingWithRefresh } from "./onboarding-control";

export default async function DashboardPage() {
  // The proxy protects this page too; the page still checks for itself.
  const session = await auth();
  if (!session.userId) return session.redirectToSignIn();
  const view = await (await api()).dashboard(session, await currentUser());
  return (
    <Dashboard {...view}>
      <OnboardingWithRefresh complete={view.claims.onboardingComplete} />
    </Dashboard>
  );
}
