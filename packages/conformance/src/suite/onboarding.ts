import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

export function onboardingSuite(harness: Harness) {
  describe("POST /api/onboarding/complete", () => {
    it("sets the metadata through the Backend API; a refreshed token carries the new claim", async () => {
      const user = harness.emulator.state.createUser({ publicMetadata: { role: "member" } });
      const token = await harness.token({
        userId: user.id,
        claims: { metadata: { role: "member", onboardingComplete: null } },
      });
      const response = await harness.request("/api/onboarding/complete", { method: "POST", token });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ onboardingComplete: true });
      expect(harness.emulator.state.getUser(user.id).publicMetadata).toEqual({
        role: "member",
        onboardingComplete: true,
      });

      // The token in hand is stale until the session refreshes; the refreshed one is built from the new metadata.
      expect((await harness.request("/api/claims", { token })).json).toMatchObject({
        claims: { onboardingComplete: false },
      });
      const refreshed = await harness.token({
        userId: user.id,
        claims: { metadata: harness.emulator.state.getUser(user.id).publicMetadata },
      });
      expect((await harness.request("/api/claims", { token: refreshed })).json).toMatchObject({
        claims: { role: "member", onboardingComplete: true },
      });
    });

    it("answers upstream_unavailable when the Backend API fails", async () => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id });
      harness.emulator.backend.faults = { status: 500 };
      try {
        const response = await harness.request("/api/onboarding/complete", {
          method: "POST",
          token,
        });
        expect(response.status).toBe(502);
        expect(response.json).toEqual({ error: "upstream_unavailable" });
      } finally {
        harness.emulator.backend.faults = {};
      }
      expect(harness.emulator.state.getUser(user.id).publicMetadata).toEqual({});
    });
  });
}
