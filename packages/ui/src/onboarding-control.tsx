"use client";

import { useState } from "react";

export interface OnboardingControlProps {
  complete: boolean;
  /**
   * Called once the metadata is written: the app reloads its Clerk session so a token built from the new
   * metadata replaces the stale one, then re-runs whatever read the claim.
   */
  refreshSession: () => Promise<void>;
}

/** Writes onboardingComplete through the API route, then lets the app refresh the session token. */
export function OnboardingControl({ complete, refreshSession }: OnboardingControlProps) {
  const [state, setState] = useState<"idle" | "saving" | "failed">("idle");

  if (complete) return <p>Onboarding is complete.</p>;

  async function finish() {
    setState("saving");
    try {
      const response = await fetch("/api/onboarding/complete", { method: "POST" });
      if (!response.ok) throw new Error(`onboarding answered ${response.status}`);
      await refreshSession();
      setState("idle");
    } catch {
      // A request or a session refresh that failed leaves the button to press again, and says so.
      setState("failed");
    }
  }

  return (
    <p>
      <button
        type="button"
        className="crosswalk-button"
        onClick={finish}
        disabled={state === "saving"}
      >
        Complete onboarding
      </button>
      {state === "failed" ? <span role="alert"> Could not save; try again.</span> : null}
    </p>
  );
}
