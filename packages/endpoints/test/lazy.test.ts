import { testDatabaseTargets } from "@crosswalk/db/testing";
import { expect, it } from "vitest";
import { type EndpointDependencies, lazyEndpoints } from "../src/index.ts";

const noUsers: EndpointDependencies["users"] = {
  getUser: () => Promise.reject(new Error("not called")),
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
    expect(endpoints.health()).toEqual({
      status: 200,
      body: { ok: true, framework: "express", database: "pglite" },
    });
    expect(await api()).toBe(endpoints);
  } finally {
    await database.close();
  }
});
