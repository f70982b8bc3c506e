export * from "./guard.ts";
export * from "./reconcile.ts";
export type { BackendSource, TableName } from "./tables.ts";
