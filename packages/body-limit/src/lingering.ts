// An answer to a refused body. Its bytes go out at once, with their length, so the client has the whole
// answer; it ends only once `drained` settles, and says `Connection: close`: the server closes the connection
// then, and no client sends another request on it (the rest of the refused body is still on it).
import type { ServerResponse } from "node:http";

function closingHeaders(headers: Record<string, string>, bytes: Uint8Array) {
  return { ...headers, connection: "close", "content-length": String(bytes.byteLength) };
}

/** The answer as a fetch Response, for frameworks whose handlers return one. */
export function lingeringResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
  drained: Promise<void>,
): Response {
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      void drained.then(() => {
        try {
          controller.close();
        } catch {
          // The client went away and the framework cancelled the answer.
        }
      });
    },
  });
  return new Response(stream, { status, headers: closingHeaders(headers, bytes) });
}

/** The same written to a Node response (Express, the sync route's Node adapter). */
export function endLingering(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  drained: Promise<void>,
): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, closingHeaders(headers, bytes));
  response.write(bytes);
  void drained.then(() => response.end());
}
