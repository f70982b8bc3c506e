import {
  clientErrorResult,
  internalError,
  isPageDataFailure,
  reportUnexpectedError,
  toResponse,
} from "@crosswalk/endpoints";
import { sendWebResponse } from "h3";
import { defineNitroErrorHandler } from "nitropack/runtime";

/**
 * Every error that escapes a route (a server middleware's, Clerk's among them, or a page's), before Nuxt's
 * own handler: under /api it is the contract's JSON; anywhere, an unexpected one is logged once, by name and
 * code. Nuxt's and Nitro's handlers, which render the error page, would log it again, whole, with the URL and
 * its query string: they get it as an error already seen to.
 */
export default defineNitroErrorHandler((error, event) => {
  const path = event.path.split("?")[0] ?? "/";
  const cause = error.cause ?? error;
  if (error.unhandled && !isPageDataFailure(cause))
    reportUnexpectedError("nuxt", cause, { method: event.method, path });
  if (path === "/api" || path.startsWith("/api/"))
    return sendWebResponse(event, toResponse(clientErrorResult(error.statusCode) ?? internalError));
  if (error.unhandled || error.fatal) {
    Object.assign(error, {
      unhandled: false,
      fatal: false,
      message: "Server Error",
      data: undefined,
    });
  }
});
