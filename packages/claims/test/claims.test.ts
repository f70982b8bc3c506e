/// <reference path="../src/global.d.ts" />
import type { verifyToken } from "@clerk/backend";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parseSessionClaims, sessionTokenTemplate } from "../src/index.ts";

describe("parseSessionClaims", () => {
  it("reads valid claims", () => {
    expect(
      parseSessionClaims({ sub: "user_1", metadata: { role: "admin", onboardingComplete: true } }),
    ).toEqual({
      claims: { role: "admin", onboardingComplete: true },
      issues: [],
    });
  });

  it.each([
    ["no metadata claim", { sub: "user_1" }],
    ["metadata null", { metadata: null }],
    ["empty metadata", { metadata: {} }],
    ["null values (unset public metadata)", { metadata: { role: null, onboardingComplete: null } }],
  ])("gives defaults without issues for %s", (_label, claims) => {
    expect(parseSessionClaims(claims)).toEqual({
      claims: { role: null, onboardingComplete: false },
      issues: [],
    });
  });

  it("replaces each invalid claim by its default and names it, without echoing the value", () => {
    const parsed = parseSessionClaims({
      metadata: { role: "superuser", onboardingComplete: "yes" },
    });
    expect(parsed.claims).toEqual({ role: null, onboardingComplete: false });
    expect(parsed.issues).toEqual([
      "metadata.role: expected one of admin, member, received a string",
      "metadata.onboardingComplete: expected a boolean, received a string",
    ]);
    expect(parsed.issues.join()).not.toContain("superuser");
  });

  it("keeps a valid claim beside an invalid one", () => {
    expect(parseSessionClaims({ metadata: { role: "member", onboardingComplete: 1 } })).toEqual({
      claims: { role: "member", onboardingComplete: false },
      issues: ["metadata.onboardingComplete: expected a boolean, received a number"],
    });
  });

  it("reports metadata that is not an object", () => {
    expect(parseSessionClaims({ metadata: ["admin"] }).issues).toEqual([
      "metadata: expected an object, received an array",
    ]);
  });

  // Checked by `tsc` (pnpm typecheck): the augmentation must reach the SDK's own JwtPayload type.
  it("types Clerk's session claims through the global augmentation", () => {
    expectTypeOf<Awaited<ReturnType<typeof verifyToken>>["metadata"]>().toEqualTypeOf<
      { role?: "admin" | "member" | null; onboardingComplete?: boolean | null } | undefined
    >();
  });
});

describe("sessionTokenTemplate", () => {
  it("is the JSON the contract documents for the Clerk Dashboard", () => {
    expect(JSON.stringify(sessionTokenTemplate)).toBe(
      '{"metadata":{"role":"{{user.public_metadata.role}}","onboardingComplete":"{{user.public_metadata.onboardingComplete}}"}}',
    );
  });
});
