export * from "./backend.ts";
export * from "./client.ts";
export * from "./errors.ts";
export * from "./profiles.ts";
export * from "./schema.ts";
export * from "./sync.ts";
export * from "./tasks.ts";
export * from "./webhook-events.ts";
