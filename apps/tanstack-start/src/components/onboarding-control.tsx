import { useSession } from "@clerk/tanstack-react-start";
import { OnboardingControl } from "@crosswalk/ui";
import { useRouter } from "@tanstack/react-router";

export function OnboardingWithRefresh({ complete }: { complete: boolean }) {
  const { session } = useSession();
  const router = useRouter();
  // #region crosswalk:token-refresh
  // skipCache has Clerk mint a token from the new metadata (Clerk's documented way; a reloaded session's
  // token may predate the change); invalidate() re-runs the loader that reads the claim.
  const refreshSession = session
    ? async () => {
        await session.getToken({ skipCache: true });
        await router.invalidate();
      }
    : undefined;
  // #endregion
  return <OnboardingControl complete={complete} refreshSession={refreshSession} />;
}
