"use client";

import { useSession } from "@clerk/nextjs";
import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Writes the metadata through the API route, then reloads the session so Clerk issues a token built
 * from the new metadata, and re-renders the server components that read the claim.
 */
export function OnboardingControl({ complete }: { complete: boolean }) {
  const { session } = useSession();
  const router = useRouter();
  const [state, setState] = useState<"idle" | "saving" | "failed">("idle");

  if (complete) return <p>Onboarding is complete.</p>;

  // #region crosswalk:token-refresh
  async function finish() {
    setState("saving");
    const response = await fetch("/api/onboarding/complete", { method: "POST" });
    if (!response.ok) {
      setState("failed");
      return;
    }
    await session?.reload();
    router.refresh();
    setState("idle");
  }
  // #endregion

  return (
    <p>
      <button type="button" onClick={finish} disabled={state === "saving"}>
        Complete onboarding
      </button>
      {state === "failed" ? " Could not save; try again." : null}
    </p>
  );
}
