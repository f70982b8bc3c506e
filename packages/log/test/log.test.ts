import { afterEach, describe, expect, it, vi } from "vitest";
import { consoleLogger, describeError } from "../src/index.ts";

describe("consoleLogger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prefixes each line with its name, by level, and adds the context only when there is one", () => {
    const written: unknown[][] = [];
    for (const level of ["log", "warn", "error"] as const)
      vi.spyOn(console, level).mockImplementation((...data) => written.push([level, ...data]));
    const log = consoleLogger("express");
    log.info({}, "database ready (pglite)");
    log.warn({ status: 429 }, "Backend API getUser failed");
    log.error({ svixId: "msg_1", sqlState: undefined }, "applying a webhook failed");
    expect(written).toEqual([
      ["log", "[express] database ready (pglite)"],
      ["warn", "[express] Backend API getUser failed", { status: 429 }],
      ["error", "[express] applying a webhook failed", { svixId: "msg_1", sqlState: undefined }],
    ]);
  });
});

describe("describeError", () => {
  it("gives the name and the first code on the cause chain, never the message", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.7:5432"), {
      code: "ECONNREFUSED",
    });
    expect(describeError(refused)).toBe("Error ECONNREFUSED");
    const unique = Object.assign(new Error("duplicate key (email)=(ada@example.com)"), {
      code: "23505",
    });
    class DrizzleQueryError extends Error {
      override name = "DrizzleQueryError";
    }
    const wrapped = new DrizzleQueryError("Failed query: insert ... params: ada@example.com", {
      cause: unique,
    });
    expect(describeError(wrapped)).toBe("DrizzleQueryError 23505");
    expect(describeError(new TypeError("postgres://user:secret@db/app is invalid"))).toBe(
      "TypeError",
    );
    expect(describeError("a thrown string")).toBe("string");
  });

  it("stops on a cause chain that loops", () => {
    const first = new Error("first");
    const second = new Error("second", { cause: first });
    first.cause = second;
    expect(describeError(first)).toBe("Error");
  });
});
