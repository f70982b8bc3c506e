import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  endLingering,
  type LimitedBody,
  lingeringResponse,
  readLimitedBody,
  readLimitedNodeBody,
  refusedBodyDrainMs,
} from "../src/index.ts";

const streamed = (chunks: Uint8Array[]) =>
  new Request("http://localhost/", {
    method: "POST",
    body: new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);

describe("readLimitedBody (fetch)", () => {
  it("returns the bytes up to the limit, and an empty body as empty", async () => {
    const body = await readLimitedBody(streamed([new Uint8Array([1, 2]), new Uint8Array([3])]), 3);
    expect(body).toEqual({ ok: true, bytes: new Uint8Array([1, 2, 3]) });
    expect(await readLimitedBody(new Request("http://localhost/"), 3)).toEqual({
      ok: true,
      bytes: new Uint8Array(),
    });
  });

  it("refuses a body over the limit, whether it declares its length or not, and drains the rest", async () => {
    const undeclared = await readLimitedBody(streamed([new Uint8Array(3), new Uint8Array(2)]), 4);
    expect(undeclared.ok).toBe(false);
    const declared = await readLimitedBody(
      new Request("http://localhost/", { method: "POST", body: new Uint8Array(5) }),
      4,
    );
    expect(declared.ok).toBe(false);
    // The rest ends within the drain: the drain is over at once, well before its deadline.
    const started = Date.now();
    if (!declared.ok) await declared.drained;
    expect(Date.now() - started).toBeLessThan(refusedBodyDrainMs);
  });
});

/** A server that reads each body with `limit` and answers through `answer`; resolves with its URL. */
async function serving(
  limit: number,
  answer: (body: LimitedBody, response: import("node:http").ServerResponse) => void,
) {
  const server = createServer(async (request: IncomingMessage, response) =>
    answer(await readLimitedNodeBody(request, limit), response),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

function post(port: number, body: Buffer, chunked: boolean) {
  return new Promise<{ text: string; connection: string | undefined }>((resolve, reject) => {
    const request = httpRequest({ port, host: "127.0.0.1", method: "POST" }, (response) => {
      let text = "";
      response.on("data", (chunk) => {
        text += chunk;
      });
      response.on("end", () => resolve({ text, connection: response.headers.connection }));
    });
    request.on("error", reject);
    if (!chunked) request.setHeader("content-length", body.byteLength);
    request.end(body);
  });
}

describe("readLimitedNodeBody", () => {
  const plain = (body: LimitedBody, response: import("node:http").ServerResponse) =>
    response.end(body.ok ? `read ${body.bytes.byteLength}` : "refused");

  it("returns the bytes up to the limit", async () => {
    const server = await serving(4, plain);
    expect((await post(server.port, Buffer.from([1, 2, 3, 4]), false)).text).toBe("read 4");
    server.close();
  });

  it("refuses a body over the limit, declared or chunked, and the client reads the answer", async () => {
    const server = await serving(4, plain);
    expect((await post(server.port, Buffer.alloc(5), false)).text).toBe("refused");
    expect((await post(server.port, Buffer.alloc(64 * 1024), true)).text).toBe("refused");
    server.close();
  });
});

describe("a lingering answer to a refused body", () => {
  it("goes out whole at once, says Connection: close, and ends once the rest is drained", async () => {
    let drainedAt = 0;
    const server = await serving(4, (body, response) => {
      if (body.ok) return response.end();
      void body.drained.then(() => {
        drainedAt = Date.now();
      });
      endLingering(response, 413, { "content-type": "text/plain" }, "too large", body.drained);
    });
    const answer = await post(server.port, Buffer.alloc(256 * 1024), true);
    expect(answer).toEqual({ text: "too large", connection: "close" });
    expect(drainedAt).toBeGreaterThan(0);
    server.close();
  });

  it("as a fetch Response: its length known, its stream ending with the drain", async () => {
    let drain: () => void = () => {};
    const drained = new Promise<void>((resolve) => {
      drain = resolve;
    });
    const response = lingeringResponse(413, { "content-type": "text/plain" }, "too large", drained);
    expect(response.headers.get("connection")).toBe("close");
    expect(response.headers.get("content-length")).toBe("9");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("too large");
    const end = reader.read();
    let ended = false;
    void end.then(() => {
      ended = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toBe(false);
    drain();
    expect((await end).done).toBe(true);
  });
});
