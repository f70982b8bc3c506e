import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

/** A profile update's body, as bytes, under a Content-Type of the test's choosing. */
async function putProfile(harness: Harness, body: string | Uint8Array, contentType: string) {
  const user = harness.emulator.state.createUser();
  const token = await harness.token({ userId: user.id });
  return harness.request("/api/profile", {
    method: "PUT",
    token,
    headers: { "content-type": contentType },
    body,
  });
}

export function jsonBodiesSuite(harness: Harness) {
  // One reader in every app: the same cap, the same charsets, the same answers.
  describe("JSON request bodies", () => {
    it.each([
      "application/json",
      "application/json; charset=utf-8",
      'application/json; charset="UTF-8"',
      "application/json;charset=utf8",
    ])("reads a UTF-8 body sent as %s", async (contentType) => {
      const response = await putProfile(harness, JSON.stringify({ bio: "Grüße ✓" }), contentType);
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ profile: { bio: "Grüße ✓" } });
    });

    it.each([
      ["a charset no decoder knows", "application/json; charset=x-unknown-9"],
      ["a charset other than UTF-8", "application/json; charset=iso-8859-1"],
      ["UTF-16, which JSON does not allow", "application/json; charset=utf-16le"],
    ])("refuses %s with bad_request", async (_, contentType) => {
      const response = await putProfile(harness, JSON.stringify({ bio: "x" }), contentType);
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: "bad_request" });
    });

    it("refuses bytes that are not UTF-8 with bad_request, instead of storing replacement characters", async () => {
      const body = Buffer.concat([
        Buffer.from('{"bio":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
      const response = await putProfile(harness, body, "application/json");
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: "bad_request" });
    });

    it("refuses a body nested 10,000 deep with 400, and stays up", async () => {
      const depth = 10_000;
      const body = `{"bio":${"[".repeat(depth)}${"]".repeat(depth)}}`;
      const response = await putProfile(harness, body, "application/json");
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: "invalid_request" });
      expect((await harness.request("/api/health")).status).toBe(200);
    });

    it("refuses a body over 64 KiB with payload_too_large", async () => {
      const response = await putProfile(
        harness,
        JSON.stringify({ bio: "b".repeat(64 * 1024) }),
        "application/json",
      );
      expect(response.status).toBe(413);
      expect(response.json).toEqual({ error: "payload_too_large" });
    });
  });
}
