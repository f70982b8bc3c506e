import { PassThrough } from "node:stream";
import { reportUnexpectedError } from "@crosswalk/endpoints";
import {
  createReadableStreamFromReadable,
  type EntryContext,
  type HandleErrorFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import "./server/startup.server";

// Remix's default Node entry, written out so the server build runs the start-up checks when it loads.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} />,
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

// A path no route serves (a browser's favicon request, a probe) is the client's mistake, not the stack trace the
// default handler prints; in development React Router 6 already logs it in one line ("No routes matched"). The
// other answers Remix gives a client itself (405 for a form posted to a page without an action) are not
// failures either. Other failures by name and code, as the API routes log theirs: a failed query's message
// quotes the query and the database's address.
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  reportUnexpectedError("remix", error, {
    method: request.method,
    path: new URL(request.url).pathname,
  });
};
