import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeRequestFacts, refuseCrossSite, writeNodeResult } from "@crosswalk/endpoints";

const formContentTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/**
 * Astro's own CSRF check (security.checkOrigin) refuses a cross-site write a form could send (no Content-Type,
 * or a form's) before any middleware runs, in plain text. Under /api the contract refuses the same writes
 * with its JSON, so that answer is given here first; pages and Actions keep Astro's.
 */
export function refuseCrossSiteApiForms(authorizedParties: readonly string[]) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const contentType = request.headers["content-type"]?.toLowerCase();
    const formLike = !contentType || formContentTypes.some((type) => contentType.includes(type));
    const unsafe = !["GET", "HEAD", "OPTIONS"].includes(request.method ?? "GET");
    // Not mounted on /api: Express would put an absolute-form target back in front of the path.
    const api = request.url?.startsWith("/api/");
    const refusal =
      api && unsafe && formLike
        ? refuseCrossSite(nodeRequestFacts(request), authorizedParties)
        : undefined;
    if (refusal) writeNodeResult(response, refusal);
    else next();
  };
}
