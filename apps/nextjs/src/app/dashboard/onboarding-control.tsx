"use client";

import { useSession } from "@clerk/nextjs";
import { OnboardingControl } from "@crosswalk/ui";
import { useRouter } from "next/navigation";

export function OnboardingWithRefresh({ complete }: { complete: boolean }) {
  const { session } = useSession();
  const router = useRouter();
  // #region crosswalk:token-refresh
  // A new token from the reloaded session carries the new metadata; refresh() re-renders the server
  // components that read the claim.
  const refreshSession = async () => {
    await session?.reload();
    router.refresh();
  };
  // #endregion
  return <OnboardingControl complete={complete} refreshSession={refreshSession} />;
}
