export * from "./body.ts";
export * from "./endpoints.ts";
export * from "./fetch.ts";
export * from "./lazy.ts";
export * from "./request.ts";
export * from "./routes.ts";
export type * from "./types.ts";
