import { drainRefusedBody } from "./drain.ts";
import type { LimitedBody } from "./limited.ts";

/** Reads at most `limit` bytes of a fetch `Request`; past that, refuses it and drains the rest for a while. */
export async function readLimitedBody(request: Request, limit: number): Promise<LimitedBody> {
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const refuse = (): LimitedBody => ({
    ok: false,
    drained: drainRefusedBody(
      () => reader.read(),
      () => void reader.cancel().catch(() => {}),
    ),
  });
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return refuse();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) return refuse();
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
