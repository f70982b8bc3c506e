import { useSession } from "@clerk/react-router";
import { OnboardingControl } from "@crosswalk/ui";
import { useRevalidator } from "react-router";

export function OnboardingWithRefresh({ complete }: { complete: boolean }) {
  const { session } = useSession();
  const revalidator = useRevalidator();
  // #region crosswalk:token-refresh
  // A new token from the reloaded session carries the new metadata; revalidate() re-runs the loaders
  // that read the claim.
  const refreshSession = async () => {
    await session?.reload();
    revalidator.revalidate();
  };
  // #endregion
  return <OnboardingControl complete={complete} refreshSession={refreshSession} />;
}
