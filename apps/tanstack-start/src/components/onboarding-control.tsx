import { useSession } from "@clerk/tanstack-react-start";
import { OnboardingControl } from "@crosswalk/ui";
import { useRouter } from "@tanstack/react-router";

export function OnboardingWithRefresh({ complete }: { complete: boolean }) {
  const { session } = useSession();
  const router = useRouter();
  // #region crosswalk:token-refresh
  // A new token from the reloaded session carries the new metadata; invalidate() re-runs the loader
  // that reads the claim.
  const refreshSession = async () => {
    await session?.reload();
    await router.invalidate();
  };
  // #endregion
  return <OnboardingControl complete={complete} refreshSession={refreshSession} />;
}
