import { expect, it } from "vitest";
import { lazyDatabase, users } from "../src/index.ts";

it("opens and migrates the database once, on first use, and shares it", async () => {
  let reads = 0;
  const database = lazyDatabase(() => {
    reads += 1;
    return {};
  });
  expect(reads).toBe(0);
  const [first, second] = await Promise.all([database(), database()]);
  expect(first).toBe(second);
  expect(reads).toBe(1);
  expect(await first.db.select().from(users)).toEqual([]);
  await first.close();
});
