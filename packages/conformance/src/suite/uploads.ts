import { request } from "node:http";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

const mib = 1024 * 1024;

/**
 * Streams `bytes` of body with chunked encoding (no Content-Length to refuse up front) and resolves with
 * the answer's status when the server answers, however early, or 0 when it closes the connection instead.
 */
function chunkedUpload(url: string, bytes: number): Promise<number> {
  return new Promise((resolve) => {
    const upload = request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sentBytes = 0;
    let settled = false;
    const settle = (status: number) => {
      if (settled) return;
      settled = true;
      resolve(status);
      upload.destroy();
    };
    upload.on("response", (response) => {
      response.resume();
      settle(response.statusCode ?? 0);
    });
    upload.on("error", () => settle(0));
    upload.on("close", () => settle(0));
    upload.setTimeout(30_000, () => upload.destroy());
    const pump = () => {
      while (sentBytes < bytes && !settled) {
        sentBytes += chunk.byteLength;
        if (!upload.write(chunk)) {
          upload.once("drain", pump);
          return;
        }
      }
      if (!settled) upload.end();
    };
    pump();
  });
}

export function uploadsSuite(harness: Harness) {
  describe("oversized uploads", () => {
    it("20 concurrent chunked, unsigned 8 MiB uploads to the sync route are refused without being held in memory", async () => {
      const before = harness.app.residentBytes();
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, harness.app.residentBytes());
      }, 10);
      try {
        const statuses = await Promise.all(
          Array.from({ length: 20 }, () =>
            chunkedUpload(`${harness.origin}/api/webhooks/clerk`, 8 * mib),
          ),
        );
        // The answer is 413, unless the app closed the connection the moment it stopped reading (Remix's
        // adapter does, and a client still writing may see the reset before the answer).
        for (const status of statuses) expect([413, 0]).toContain(status);
      } finally {
        clearInterval(sampler);
      }
      const growthMib = (peak - before) / mib;
      console.info(
        `[${harness.config.framework}] RSS during 20 × 8 MiB uploads: ${(before / mib).toFixed(0)} MiB before, peak +${growthMib.toFixed(1)} MiB`,
      );
      // Holding the uploads would take 160 MiB; refusing each after its first 1 MiB takes at most 20.
      expect(growthMib).toBeLessThan(64);
      const next = await harness.request("/api/health");
      expect(next.status).toBe(200);
    });
  });
}
