import { auth, currentUser } from "@clerk/nextjs/server";
import { parseSessionClaims } from "@crosswalk/claims";
import { Dashboard, type SyncedProfile } from "@crosswalk/ui";
import { api } from "../../server/api";
import { OnboardingWithRefresh } from "./onboarding-control";

export default async function DashboardPage() {
  // The proxy protects this page too; the page still checks for itself.
  const session = await auth();
  if (!session.userId) return session.redirectToSignIn();
  const user = await currentUser();
  const { claims } = parseSessionClaims(session.sessionClaims);
  const profile = await (await api()).getProfile(session);
  return (
    <Dashboard
      userId={session.userId}
      name={[user?.firstName, user?.lastName].filter(Boolean).join(" ")}
      claims={claims}
      synced={profile.status === 200 ? (profile.body as SyncedProfile) : null}
    >
      <OnboardingWithRefresh complete={claims.onboardingComplete} />
    </Dashboard>
  );
}
