import type { IncomingMessage } from "node:http";
import { drainRefusedBody } from "./drain.ts";
import type { LimitedBody } from "./limited.ts";

/**
 * Reads at most `limit` bytes of a Node request; past that, refuses it and drains the rest for a while after
 * the answer (Express's body parsers would read it all before answering).
 */
export async function readLimitedNodeBody(
  request: IncomingMessage,
  limit: number,
): Promise<LimitedBody> {
  // Iterated by hand: leaving a for-await loop early would destroy the socket before the 413 goes out.
  const reader: AsyncIterator<Buffer> = request[Symbol.asyncIterator]();
  const refuse = (): LimitedBody => ({
    ok: false,
    drained: drainRefusedBody(
      () => reader.next(),
      () => request.destroy(),
    ),
  });
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return refuse();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.next();
    if (done) break;
    size += value.byteLength;
    if (size > limit) return refuse();
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}
