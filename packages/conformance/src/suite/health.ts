import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

export function healthSuite(harness: Harness) {
  describe("GET /api/health", () => {
    it("answers publicly with the framework and the database in use", async () => {
      const response = await harness.request("/api/health");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.json).toEqual({
        ok: true,
        framework: harness.config.framework,
        database: harness.database.kind,
      });
    });

    it(`is served by ${harness.config.runtime}, which the app's ${harness.config.startScript} script starts`, () => {
      expect(harness.app.programs()).toContain(harness.config.runtime);
    });
  });
}
