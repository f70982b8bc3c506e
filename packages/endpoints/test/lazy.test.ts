import { testDatabaseTargets } from "@crosswalk/db/testing";
import { expect, it } from "vitest";
import {
  createEndpoints,
  type EndpointDependencies,
  healthOf,
  healthTimeoutMs,
  lazyEndpoints,
} from "../src/index.ts";

const noUsers: EndpointDependencies["users"] = {
  getUser: () => Promise.reject(new Error("not called")),
  getUserList: () => Promise.reject(new Error("not called")),
  updateUserMetadata: () => Promise.reject(new Error("not called")),
};

it("keeps no failure: while the database cannot be opened each call fails, then the endpoints are built once", async () => {
  const database = await testDatabaseTargets(undefined)[0]!.open();
  try {
    let databaseUp = false;
    const api = lazyEndpoints(async () => {
      if (!databaseUp) throw Object.assign(new Error("connect"), { code: "ECONNREFUSED" });
      return {
        framework: "express",
        db: database.db,
        databaseKind: database.kind,
        users: noUsers,
        authorizedParties: ["http://localhost:3002"],
      };
    });
    await expect(api()).rejects.toThrow("connect");
    await expect(api()).rejects.toThrow("connect");
    databaseUp = true;
    const endpoints = await api();
    expect(await endpoints.health()).toEqual({
      status: 200,
      body: { ok: true, framework: "express", database: "pglite" },
    });
    expect(await api()).toBe(endpoints);
  } finally {
    await database.close();
  }
});

it("reports the database as it is now: 503 while it cannot be opened or does not answer in time", async () => {
  const database = await testDatabaseTargets(undefined)[0]!.open();
  try {
    const deps = {
      framework: "express",
      databaseKind: database.kind,
      users: noUsers,
      authorizedParties: ["http://localhost:3002"],
    };
    const unavailable = { status: 503, body: { ok: false, database: "unavailable" } };
    const up = createEndpoints({ ...deps, db: database.db });
    expect(await healthOf(async () => up)).toEqual({
      status: 200,
      body: { ok: true, framework: "express", database: "pglite" },
    });
    expect(await healthOf(() => Promise.reject(new Error("connect")))).toEqual(unavailable);
    // A server that took the connection and answers nothing, as one behind a cut network does.
    const silent = createEndpoints({
      ...deps,
      db: new Proxy(database.db, {
        get: (target, property) =>
          property === "execute" ? () => new Promise(() => {}) : Reflect.get(target, property),
      }),
    });
    const started = Date.now();
    expect(await healthOf(async () => silent)).toEqual(unavailable);
    expect(Date.now() - started).toBeLessThan(healthTimeoutMs + 1_000);
  } finally {
    await database.close();
  }
});
