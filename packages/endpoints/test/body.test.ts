import { describe, expect, it } from "vitest";
import { decodeJsonBody, maxJsonBodyBytes, readJsonBody } from "../src/index.ts";

const read = (text: string) => ({ ok: true as const, bytes: new TextEncoder().encode(text) });

describe("decodeJsonBody", () => {
  it.each([
    undefined,
    "application/json",
    "application/json; charset=UTF-8",
    'application/json; charset="utf8"',
    "application/json; foo=bar; charset=unicode-1-1-utf-8",
  ])("decodes UTF-8 under %j", (contentType) => {
    expect(decodeJsonBody(read('{"bio":"Grüße"}'), contentType)).toEqual({
      ok: true,
      text: '{"bio":"Grüße"}',
    });
  });

  it.each([
    "application/json; charset=x-unknown-9",
    "application/json; charset=latin1",
    "application/json; charset=utf-16",
    "application/json; charset=",
  ])("refuses %j with bad_request", (contentType) => {
    expect(decodeJsonBody(read("{}"), contentType)).toEqual({
      ok: false,
      refusal: { status: 400, body: { error: "bad_request" } },
    });
  });

  it("refuses bytes that are not UTF-8, and a body over the cap", () => {
    expect(
      decodeJsonBody({ ok: true, bytes: new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]) }, undefined),
    ).toMatchObject({
      ok: false,
      refusal: { status: 400 },
    });
    const drained = Promise.resolve();
    expect(decodeJsonBody({ ok: false, drained }, "application/json")).toEqual({
      ok: false,
      refusal: { status: 413, body: { error: "payload_too_large" }, closeAfter: drained },
    });
  });
});

describe("readJsonBody", () => {
  it("reads a fetch Request up to 64 KiB, and refuses one past it", async () => {
    const at = (size: number) =>
      readJsonBody(
        new Request("http://localhost/api/profile", {
          method: "PUT",
          body: `"${"x".repeat(size - 2)}"`,
        }),
      );
    expect(await at(maxJsonBodyBytes)).toMatchObject({ ok: true });
    expect(await at(maxJsonBodyBytes + 1)).toMatchObject({ ok: false, refusal: { status: 413 } });
  });
});
