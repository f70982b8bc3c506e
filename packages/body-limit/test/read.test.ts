import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { readLimitedBody, readLimitedNodeBody } from "../src/index.ts";

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
    expect(body).toEqual(new Uint8Array([1, 2, 3]));
    expect(await readLimitedBody(new Request("http://localhost/"), 3)).toEqual(new Uint8Array());
  });

  it("refuses a body over the limit, whether it declares its length or not", async () => {
    expect(
      await readLimitedBody(streamed([new Uint8Array(3), new Uint8Array(2)]), 4),
    ).toBeUndefined();
    const declared = new Request("http://localhost/", {
      method: "POST",
      body: new Uint8Array(5),
    });
    expect(await readLimitedBody(declared, 4)).toBeUndefined();
  });
});

describe("readLimitedNodeBody", () => {
  async function readOnce(limit: number, body: Buffer, chunked: boolean) {
    let read: Uint8Array | undefined | "unset" = "unset";
    const server = createServer(async (request: IncomingMessage, response) => {
      read = await readLimitedNodeBody(request, limit);
      response.end(read ? "read" : "refused");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const request = httpRequest({ port, host: "127.0.0.1", method: "POST" }, (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve(text));
      });
      request.on("error", reject);
      if (!chunked) request.setHeader("content-length", body.byteLength);
      request.end(body);
    });
    server.closeAllConnections();
    server.close();
    return { answer, read };
  }

  it("returns the bytes up to the limit", async () => {
    const { answer, read } = await readOnce(4, Buffer.from([1, 2, 3, 4]), false);
    expect(answer).toBe("read");
    expect(read).toEqual(Buffer.from([1, 2, 3, 4]));
  });

  it("refuses a body over the limit, declared or chunked, and the client reads the answer", async () => {
    expect((await readOnce(4, Buffer.alloc(5), false)).answer).toBe("refused");
    expect((await readOnce(4, Buffer.alloc(64 * 1024), true)).answer).toBe("refused");
  });
});
