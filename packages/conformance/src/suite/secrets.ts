import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

export function secretsSuite(harness: Harness) {
  describe("secrets", () => {
    it("never appear in a response or in the app's output", () => {
      const secrets = {
        "the secret key": harness.emulator.env.CLERK_SECRET_KEY,
        "the webhook signing secret": harness.emulator.webhookSecret.replace(/^whsec_/, ""),
      };
      const responses = harness.responses.join("\n");
      const output = harness.app.output();
      for (const [name, secret] of Object.entries(secrets)) {
        expect(responses.includes(secret), `${name} in a response`).toBe(false);
        expect(output.includes(secret), `${name} in the app's output`).toBe(false);
      }
      // A session token's signature part is unique to it; none may be echoed back or logged.
      expect(
        /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{40,}/.test(responses),
        "a session token in a response",
      ).toBe(false);
      expect(
        /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{40,}/.test(output),
        "a session token in the app's output",
      ).toBe(false);
      expect(/\n\s+at .+:\d+:\d+/.test(responses), "a stack trace in a response").toBe(false);
    });
  });
}
