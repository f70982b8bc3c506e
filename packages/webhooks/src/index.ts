export { syncedEventTypes } from "./events.ts";
export { handleWebhookRequest, readLimitedBody } from "./fetch.ts";
export * from "./handler.ts";
export { handleNodeWebhookRequest, readLimitedNodeBody } from "./node.ts";
