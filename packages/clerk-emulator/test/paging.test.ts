import { describe, expect, it } from "vitest";
import { creationOrderPage, ListedMap } from "../src/paging.ts";

const query = (params: Record<string, string>) => new URLSearchParams(params);

describe("a page of a listing read straight from the map", () => {
  it("pages in creation order either way, keeps an updated entry in place, and follows adds and deletes", () => {
    const entities = new ListedMap<string>();
    for (const key of ["a", "b", "c", "d", "e"]) entities.set(key, key.toUpperCase());
    const ascending = (offset: number) =>
      creationOrderPage(
        entities,
        query({ limit: "2", offset: String(offset), order_by: "+created_at" }),
      );
    expect([ascending(0), ascending(2), ascending(4), ascending(6)]).toEqual([
      ["A", "B"],
      ["C", "D"],
      ["E"],
      [],
    ]);
    expect(creationOrderPage(entities, query({ limit: "2" }))).toEqual(["E", "D"]);

    entities.set("b", "B2");
    expect(ascending(0)).toEqual(["A", "B2"]);
    entities.delete("a");
    entities.set("f", "F");
    expect([ascending(0), ascending(4)]).toEqual([["B2", "C"], ["F"]]);
    entities.clear();
    expect(ascending(0)).toEqual([]);
  });
});
