import { createInstanceKeys, createSigningKeys, mintSessionToken } from "@crosswalk/clerk-emulator";
import { describe, expect, it } from "vitest";
import {
  computeBudget,
  cookieLimitBytes,
  resolveTemplate,
  sessionTokenLength,
  type TokenShape,
} from "../src/budget.ts";
import { sessionTokenTemplate } from "../src/claims.ts";
import { bareShape, worstCaseShape } from "../src/worst-case.ts";

async function mintedLength(shape: TokenShape): Promise<number> {
  const keys = await createSigningKeys(shape.instanceId);
  const instance = createInstanceKeys("production", shape.frontendApiHost);
  const minted = await mintSessionToken(keys, instance, {
    userId: shape.userId,
    sessionId: shape.sessionId,
    jti: shape.jti,
    authorizedParty: shape.authorizedParty,
    issuedAt: shape.issuedAt,
    lifetimeSeconds: shape.lifetimeSeconds,
    ...(shape.organization ? { organization: shape.organization } : {}),
    claims: shape.customClaims,
  });
  return minted.token.length;
}

describe("token budget", () => {
  it.each([
    ["the project's worst case", worstCaseShape],
    ["a bare session", bareShape],
    [
      "an admin with onboarding done",
      {
        ...worstCaseShape,
        customClaims: { metadata: { role: "admin", onboardingComplete: true } },
      },
    ],
  ])("computes exactly the length of a token the emulator mints for %s", async (_label, shape) => {
    expect(sessionTokenLength(shape)).toBe(await mintedLength(shape));
  });

  it("resolves shortcodes keeping JSON types, and unset metadata to null", () => {
    expect(
      resolveTemplate(sessionTokenTemplate, { role: "admin", onboardingComplete: true }),
    ).toEqual({
      metadata: { role: "admin", onboardingComplete: true },
    });
    expect(resolveTemplate(sessionTokenTemplate, {})).toEqual({
      metadata: { role: null, onboardingComplete: null },
    });
  });

  it("keeps the project's worst case within every limit", () => {
    expect(computeBudget(worstCaseShape).filter((line) => !line.ok)).toEqual([]);
  });

  it("flags custom claims over the ceiling and a handshake over the cookie limit", () => {
    const heavy = { ...worstCaseShape, customClaims: { metadata: { notes: "x".repeat(1_400) } } };
    const over = computeBudget(heavy)
      .filter((line) => !line.ok)
      .map((line) => line.measure);
    expect(over).toContain("custom claims (JSON)");
    expect(over).toContain("__clerk_handshake cookie (token encoded twice)");
    expect(
      computeBudget(heavy).find((line) => line.measure.startsWith("__session"))?.bytes,
    ).toBeLessThan(cookieLimitBytes);
  });
});
