export type { SyncChange } from "./apply.ts";
export { syncedEventTypes } from "./events.ts";
export { handleWebhookRequest } from "./fetch.ts";
export * from "./handler.ts";
export { answerNodeWebhookRequest, handleNodeWebhookRequest } from "./node.ts";
