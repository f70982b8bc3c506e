import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

// Clerk's own notice, printed by @clerk/remix itself at every start; the README points at the successor.
const clerkRemixNotice = "@clerk/remix is now in maintenance mode";

export function warningsSuite(harness: Harness) {
  describe("warnings", () => {
    it("the app printed no deprecation warning over the whole run", () => {
      const deprecations = harness.app
        .output()
        .split("\n")
        .filter((line) => /deprecat/i.test(line) && !line.includes(clerkRemixNotice));
      expect(deprecations).toEqual([]);
    });
  });
}
