export * from "./backend-api.ts";
export * from "./emulator.ts";
export * from "./instance.ts";
export * from "./keys.ts";
export * from "./sign-in-as.ts";
export * from "./state.ts";
export * from "./tokens.ts";
export * from "./webhook-sender.ts";
