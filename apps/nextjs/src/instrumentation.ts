import { isPageDataFailure, reportUnexpectedError } from "@crosswalk/endpoints";
import type { Instrumentation } from "next";

export async function register() {
  // Start-up checks use Node APIs (process.exit, the database), so the Edge runtime never loads them.
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}

// Next's hook for every error a render, route or proxy throws; server.ts keeps Next from printing them
// itself. Logged once, without the query string; a page's failed data was logged where it failed.
// `next dev` prints them anyway, with the source-mapped stack a developer wants.
export const onRequestError: Instrumentation.onRequestError = (error, request) => {
  if (process.env.NODE_ENV !== "production" || isPageDataFailure(error)) return;
  const path = request.path.split("?")[0] ?? "/";
  reportUnexpectedError("nextjs", error, { method: request.method, path });
};
