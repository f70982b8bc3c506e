import { drainRefusedBody } from "./drain.ts";

/**
 * Reads at most `limit` bytes; undefined when the body is larger, whose rest is then drained in the background
 * for a short while (a lingering close) rather than held.
 */
export async function readLimitedBody(
  request: Request,
  limit: number,
): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    drainRefusedBody(
      () => reader.read(),
      () => void reader.cancel().catch(() => {}),
    );
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      drainRefusedBody(
        () => reader.read(),
        () => void reader.cancel().catch(() => {}),
      );
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
