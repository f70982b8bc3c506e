export * from "./lazy-route.ts";
export * from "./queue.ts";
