import { getAuth } from "@clerk/remix/ssr.server";
import { parseSessionClaims } from "@crosswalk/claims";
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OnboardingControl } from "../components/onboarding-control";
import { api } from "../server/api.server";
import { clerkClient, clerkOptions } from "../server/clerk.server";

interface ProfileBody {
  source: string;
  profile: { birthday: string | null; country: string | null; bio: string | null };
}

export async function loader(args: LoaderFunctionArgs) {
  const session = await getAuth(args, clerkOptions());
  if (!session.userId)
    return redirect(`/sign-in?redirect_url=${encodeURIComponent(args.request.url)}`);
  const user = await clerkClient().users.getUser(session.userId);
  const { claims } = parseSessionClaims(session.sessionClaims);
  const profile = await (await api()).getProfile(session);
  return {
    userId: session.userId,
    name: [user.firstName, user.lastName].filter(Boolean).join(" "),
    claims,
    synced: profile.status === 200 ? (profile.body as ProfileBody) : null,
  };
}

export default function Dashboard() {
  const { userId, name, claims, synced } = useLoaderData<typeof loader>();
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
