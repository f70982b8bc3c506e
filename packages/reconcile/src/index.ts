export * from "./reconcile.ts";
