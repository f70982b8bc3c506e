import { expect, it } from "vitest";
import { lazyDatabase, users } from "../src/index.ts";

// Each open compiles and boots PGlite's WebAssembly, which takes tens of seconds on a loaded 2-core machine.
const pgliteBoot = 120_000;

it(
  "opens and migrates one database per process on first use, whichever bundled copy asks",
  async () => {
    // Next.js bundles instrumentation and route handlers separately, each with its own copy of the module.
    const copyUrl = new URL("../src/client.ts?bundle-copy", import.meta.url).href;
    const copy: typeof import("../src/client.ts") = await import(copyUrl);
    expect(copy.lazyDatabase).not.toBe(lazyDatabase);
    let reads = 0;
    const options = () => {
      reads += 1;
      return {};
    };
    const fromInstrumentation = lazyDatabase(options);
    const fromRouteHandler = copy.lazyDatabase(options);
    expect(reads).toBe(0);
    const [first, second, third] = await Promise.all([
      fromInstrumentation(),
      fromRouteHandler(),
      fromInstrumentation(),
    ]);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(reads).toBe(1);
    expect(await first.db.select().from(users)).toEqual([]);

    await first.close();
    const reopened = await fromRouteHandler();
    expect(reopened).not.toBe(first);
    expect(reads).toBe(2);
    await reopened.close();
  },
  pgliteBoot,
);
