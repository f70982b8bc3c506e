import { describe, expect, it } from "vitest";
import { ListedDigests } from "../src/digests.ts";

describe("a table's live ids as digests", () => {
  it("tells the live ids the listing never named from those it did, and ignores ids added since", () => {
    const digests = new ListedDigests();
    const live = Array.from({ length: 5_000 }, (_, index) => `user_${index}`);
    for (const id of live) digests.add(id);
    digests.seal();
    for (const id of live) if (!id.endsWith("7")) digests.markListed(id);
    digests.markListed("user_listed_but_not_in_the_database");

    expect(digests.size).toBe(5_000);
    expect(digests.unlistedCount()).toBe(500);
    expect(live.filter((id) => digests.isUnlisted(id))).toEqual(
      live.filter((id) => id.endsWith("7")),
    );
    expect(digests.isUnlisted("user_added_during_the_listing")).toBe(false);
  });
});
