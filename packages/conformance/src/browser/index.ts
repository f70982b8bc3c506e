export * from "./page.ts";
export * from "./steps.ts";
