export * from "./claims.ts";
