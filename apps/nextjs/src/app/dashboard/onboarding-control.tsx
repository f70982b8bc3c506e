"use client";

import { useSession } from "@clerk/nextjs";
import { OnboardingControl } from "@crosswalk/ui";
import { useRouter } from "next/navigation";

export function OnboardingWithRefresh({ complete }: { complete: boolean }) {
  const { session } = useSession();
  const router = useRouter();
  // #region crosswalk:token-refresh
  // skipCache has Clerk mint a token from the new metadata (Clerk's documented way; a reloaded session's
  // token may predate the change); refresh() re-renders the server components that read the claim.
  const refreshSession = session
    ? async () => {
        await session.getToken({ skipCache: true });
        router.refresh();
      }
    : undefined;
  // #endregion
  return <OnboardingControl complete={complete} refreshSession={refreshSession} />;
}
