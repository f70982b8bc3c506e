import { useSession } from "@clerk/remix";
import { OnboardingControl } from "@crosswalk/ui";
import { useRevalidator } from "@remix-run/react";

export function OnboardingWithRefresh({ complete }: { complete: boolean }) {
  const { session } = useSession();
  const revalidator = useRevalidator();
  // #region crosswalk:token-refresh
  // skipCache has Clerk mint a token from the new metadata (Clerk's documented way; a reloaded session's
  // token may predate the change); revalidate() re-runs the loaders that read the claim.
  const refreshSession = session
    ? async () => {
        await session.getToken({ skipCache: true });
        revalidator.revalidate();
      }
    : undefined;
  // #endregion
  return <OnboardingControl complete={complete} refreshSession={refreshSession} />;
}
