export * from "./events.ts";
export * from "./payloads.ts";
export * from "./sign.ts";
