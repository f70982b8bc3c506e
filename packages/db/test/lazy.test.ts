import { createServer } from "node:net";
import { expect, it, vi } from "vitest";
import { lazyDatabase, openOnStart, users } from "../src/index.ts";

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
    expect(await first.db.select().from(users)).toEqual([]);

    await first.close();
    const reopened = await fromRouteHandler();
    expect(reopened).not.toBe(first);
    await reopened.close();
  },
  pgliteBoot,
);

it("keeps no failed open: a database that was not there yet is tried again on the next call", async () => {
  // A port nothing listens on stands in for a database server that has not started yet.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));

  const database = lazyDatabase(() => ({ url: `postgres://postgres@127.0.0.1:${port}/late` }));
  const first = database();
  await expect(first).rejects.toThrow();
  const second = database();
  expect(second).not.toBe(first);
  await expect(second).rejects.toThrow();
});

it("reports a database that is not up at start-up in one line, by its error code and not its URL, and serves it once it is", async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  const url = `postgres://postgres:hunter2@127.0.0.1:${port}/late`;
  const opened: unknown[] = [];
  const database = lazyDatabase(
    () => ({ url }),
    (handle) => opened.push(handle),
  );
  const lines: string[] = [];
  const error = vi.spyOn(console, "error").mockImplementation((line: string) => {
    lines.push(line);
  });
  try {
    await openOnStart("framework", database);
  } finally {
    error.mockRestore();
  }
  expect(lines).toEqual([
    "[framework] database unavailable (Error ECONNREFUSED); each request tries again",
  ]);
  expect(opened).toEqual([]);
});
