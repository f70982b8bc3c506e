import type { IncomingMessage } from "node:http";
import { drainRefusedBody } from "./drain.ts";

/**
 * Reads at most `limit` bytes of a Node request; undefined when the body is larger, whose rest is then
 * drained for a short while after the answer (Express's body parsers would read it all before answering).
 */
export async function readLimitedNodeBody(
  request: IncomingMessage,
  limit: number,
): Promise<Uint8Array | undefined> {
  // Iterated by hand: leaving a for-await loop early would destroy the socket before the 413 goes out.
  const reader: AsyncIterator<Buffer> = request[Symbol.asyncIterator]();
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    drainRefusedBody(
      () => reader.next(),
      () => request.destroy(),
    );
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.next();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      drainRefusedBody(
        () => reader.next(),
        () => request.destroy(),
      );
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
