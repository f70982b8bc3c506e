import { request as httpRequest } from "node:http";
import { Client } from "undici";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

/** Sends `GET http://<host><path>` as a forward proxy does: the whole URL as the request target. */
async function absoluteFormGet(harness: Harness, path: string, headers: Record<string, string>) {
  const client = new Client(harness.origin);
  try {
    const response = await client.request({
      method: "GET",
      path: `${harness.origin}${path}`,
      headers,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text };
  } finally {
    await client.close();
  }
}

/**
 * A signed-out write whose body has not arrived yet: resolves with the answer's status and body, or with
 * status 0 when none came within `waitMs` (the server is waiting for the body before it looks at the session).
 */
function writeBeforeItsBody(url: string, method: string, waitMs: number) {
  return new Promise<{ status: number; text: string }>((resolve) => {
    const write = httpRequest(url, {
      method,
      headers: { "content-type": "application/json", "content-length": "60000" },
    });
    const timer = setTimeout(() => {
      resolve({ status: 0, text: "" });
      write.destroy();
    }, waitMs);
    write.on("response", async (response) => {
      let text = "";
      for await (const chunk of response) text += chunk;
      clearTimeout(timer);
      resolve({ status: response.statusCode ?? 0, text });
      write.destroy();
    });
    write.on("error", () => {});
    write.write('{"bio":"');
  });
}

/** What real clients and proxies send that a test client would not. */
export function requestFormsSuite(harness: Harness) {
  describe("requests as proxies and clients send them", () => {
    // RFC 9112 §3.2.2: a server must accept the absolute form, which forward proxies send.
    it.each([
      ["/api/unlisted", 404, '{"error":"not_found"}'],
      ["/api/org/tasks/a/b", 404, '{"error":"not_found"}'],
      ["/api/claims", 401, '{"error":"unauthenticated"}'],
    ])(
      "routes the absolute-form target http://<host>%s by its path",
      async (path, status, body) => {
        const response = await absoluteFormGet(harness, path, { accept: "*/*" });
        expect(response.status).toBe(status);
        expect(response.headers["content-type"]).toMatch(/^application\/json/);
        expect(JSON.parse(response.text)).toEqual(JSON.parse(body));
      },
    );

    it("routes an absolute-form /api/health by its path", async () => {
      const response = await absoluteFormGet(harness, "/api/health", {});
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({
        ok: true,
        framework: harness.config.framework,
        database: harness.database.kind,
      });
    });

    it.runIf(harness.config.pages)("serves the home page for an absolute-form target", async () => {
      const response = await absoluteFormGet(harness, "/", {
        accept: "text/html",
        cookie: "__clerk_db_jwt=dvb_conformance; __client_uat=0",
      });
      expect(response.status).toBe(200);
      expect(response.text).toContain('href="/dashboard"');
    });

    // The contract's order is 401 first: a server that reads the body before it looks at the session holds a
    // stranger's upload (up to 64 KiB each, as slowly as they care to send it) for nothing. Next.js cannot:
    // once its proxy has run it reads the request's whole body before anything answers (next-server.js
    // awaits the body's end after the proxy, whatever the proxy answered), and the proxy is what auth() needs.
    it.skipIf(harness.config.framework === "nextjs").each([
      ["PUT", "/api/profile"],
      ["POST", "/api/org/tasks"],
    ])("answers a signed-out %s %s with 401 before its body has arrived", async (method, path) => {
      const answer = await writeBeforeItsBody(`${harness.origin}${path}`, method, 5_000);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text)).toEqual({ error: "unauthenticated" });
    });
  });
}
