import { auth, clerkClient } from "@clerk/tanstack-react-start/server";
import { parseSessionClaims } from "@crosswalk/claims";
import { createFileRoute, redirect } from "@tanstack/react-router";
import { createServerFn } from "@tanstack/react-start";
import { OnboardingControl } from "../components/onboarding-control";
import { api } from "../server/api";

interface ProfileBody {
  source: string;
  profile: { birthday: string | null; country: string | null; bio: string | null };
}

// A server function: auth() and clerkClient() run on the server even when the client navigates here.
const loadDashboard = createServerFn({ method: "GET" }).handler(async () => {
  const session = await auth();
  if (!session.userId)
    throw redirect({ href: `/sign-in?redirect_url=${encodeURIComponent("/dashboard")}` });
  const user = await clerkClient().users.getUser(session.userId);
  const { claims } = parseSessionClaims(session.sessionClaims);
  const profile = await (await api()).getProfile(session);
  return {
    userId: session.userId,
    name: [user.firstName, user.lastName].filter(Boolean).join(" "),
    claims,
    synced: profile.status === 200 ? (profile.body as ProfileBody) : null,
  };
});

export const Route = createFileRoute("/dashboard")({
  loader: () => loadDashboard(),
  component: Dashboard,
});

function Dashboard() {
  const { userId, name, claims, synced } = Route.useLoaderData();
  return (
    <main>
      <h1>Dashboard</h1>
      <dl>
        <dt>User id</dt>
        <dd data-testid="user-id">{userId}</dd>
        <dt>Name</dt>
        <dd>{name || "—"}</dd>
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
