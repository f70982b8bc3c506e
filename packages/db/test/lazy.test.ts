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

it("holds one database per process, however many bundled copies ask (Next.js's server layers)", async () => {
  const copyUrl = new URL("../src/client.ts?bundle-copy", import.meta.url).href;
  const copy: typeof import("../src/client.ts") = await import(copyUrl);
  expect(copy.lazyDatabase).not.toBe(lazyDatabase);
  const fromInstrumentation = lazyDatabase(() => ({}));
  const fromRouteHandler = copy.lazyDatabase(() => ({}));
  const handle = await fromInstrumentation();
  expect(await fromRouteHandler()).toBe(handle);
  await handle.close();
  const reopened = await fromRouteHandler();
  expect(reopened).not.toBe(handle);
  expect(await reopened.db.select().from(users)).toEqual([]);
  await reopened.close();
});
