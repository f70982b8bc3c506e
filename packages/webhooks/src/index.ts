export { syncedEventTypes } from "./events.ts";
export { handleWebhookRequest } from "./fetch.ts";
export * from "./handler.ts";
