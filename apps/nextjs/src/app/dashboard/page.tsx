import { auth, currentUser } from "@clerk/nextjs/server";
import { parseSessionClaims } from "@crosswalk/claims";
import { api } from "../../server/api";
import { OnboardingControl } from "./onboarding-control";

interface ProfileBody {
  source: string;
  profile: { birthday: string | null; country: string | null; bio: string | null };
}

export default async function Dashboard() {
  // The proxy protects this page too; the page still checks for itself.
  const session = await auth();
  if (!session.userId) return session.redirectToSignIn();
  const user = await currentUser();
  const { claims } = parseSessionClaims(session.sessionClaims);
  const profile = await (await api()).getProfile(session);
  const synced = profile.status === 200 ? (profile.body as ProfileBody) : null;

  return (
    <main>
      <h1>Dashboard</h1>
      <dl>
        <dt>User id</dt>
        <dd data-testid="user-id">{session.userId}</dd>
        <dt>Name</dt>
        <dd>{[user?.firstName, user?.lastName].filter(Boolean).join(" ") || "—"}</dd>
        <dt>Role claim</dt>
        <dd data-testid="role">{claims.role ?? "none"}</dd>
        <dt>Onboarding complete claim</dt>
        <dd data-testid="onboarding">{String(claims.onboardingComplete)}</dd>
        <dt>Synced profile</dt>
        <dd data-testid="profile">
          {synced
            ? `from ${synced.source}: birthday ${synced.profile.birthday ?? "—"}, country ${synced.profile.country ?? "—"}`
            : "not available"}
        </dd>
      </dl>
      <OnboardingControl complete={claims.onboardingComplete} />
    </main>
  );
}
