"use client";

import { useState } from "react";
import { useHydrated } from "./after-hydration.tsx";

export interface OnboardingControlProps {
  complete: boolean;
  /**
   * Called once the metadata is written: the app has Clerk mint a token from the new metadata, then re-runs
   * whatever read the claim. Undefined until Clerk has loaded the session in the browser, after the page.
   */
  refreshSession: (() => Promise<void>) | undefined;
}

/** Writes onboardingComplete through the API route, then lets the app refresh the session token. */
export function OnboardingControl({ complete, refreshSession }: OnboardingControlProps) {
  const [state, setState] = useState<"idle" | "saving" | "failed">("idle");
  const hydrated = useHydrated();

  if (complete) return <p>Onboarding is complete.</p>;

  async function finish(refresh: () => Promise<void>) {
    setState("saving");
    try {
      const response = await fetch("/api/onboarding/complete", { method: "POST" });
      if (!response.ok) throw new Error(`onboarding answered ${response.status}`);
      await refresh();
      setState("idle");
    } catch {
      // A request or a session refresh that failed leaves the button to press again, and says so.
      setState("failed");
    }
  }

  // The button is in the server's HTML: pressed before hydration it does nothing, and pressed before Clerk
  // has the session the metadata would be written with no token to show it. Disabled, it takes no press.
  const ready = hydrated && refreshSession !== undefined;
  return (
    <p>
      <button
        type="button"
        className="crosswalk-button"
        onClick={refreshSession && (() => finish(refreshSession))}
        disabled={!ready || state === "saving"}
      >
        Complete onboarding
      </button>
      {state === "failed" ? <span role="alert"> Could not save; try again.</span> : null}
    </p>
  );
}
