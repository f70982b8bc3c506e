export * from "./endpoints.ts";
export * from "./fetch.ts";
export type * from "./types.ts";
