export * from "./body.ts";
export * from "./cors.ts";
export * from "./endpoints.ts";
export * from "./fetch.ts";
export * from "./lazy.ts";
export * from "./request.ts";
export { clientErrorResult } from "./responses.ts";
export * from "./routes.ts";
export type * from "./types.ts";
