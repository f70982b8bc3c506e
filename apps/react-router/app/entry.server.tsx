import { PassThrough } from "node:stream";
import { reportUnexpectedError } from "@crosswalk/endpoints";
import { createReadableStreamFromReadable } from "@react-router/node";
import { renderToPipeableStream } from "react-dom/server";
import {
  type EntryContext,
  type HandleErrorFunction,
  isRouteErrorResponse,
  ServerRouter,
} from "react-router";
import "./server/startup.server";

// React Router's default Node entry, written out so the server build runs the start-up checks when it loads
// (and without its bot detection, which needs the isbot package for pages no crawler is meant to see).
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={routerContext} url={request.url} />,
      {
        onShellReady() {
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status,
            }),
          );
          pipe(body);
        },
        onShellError: reject,
        onError() {
          status = 500;
        },
      },
    );
    setTimeout(abort, 5_000);
  });
}

/** A form posted to a page from another origin, which React Router's CSRF check refuses (400). */
function crossOriginPost(request: Request) {
  const origin = request.headers.get("origin");
  return request.method === "POST" && origin !== null && origin !== new URL(request.url).origin;
}

// A path no route serves (a browser's favicon request, a probe) is the client's mistake: one line, not the
// stack trace the default handler prints; the other answers React Router gives a client itself (405 for a
// form posted to a page without an action, 400 for one posted from another origin) are not failures either.
// Other failures by name and code, as the API routes log theirs: a failed query's message quotes the query
// and the database's address.
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted || crossOriginPost(request)) return;
  const path = new URL(request.url).pathname;
  if (isRouteErrorResponse(error) && error.status === 404)
    console.warn(`[react-router] 404 ${request.method} ${path}`);
  else if (!(isRouteErrorResponse(error) && error.status < 500))
    reportUnexpectedError("react-router", error, { method: request.method, path });
};
