export { syncedEventTypes } from "./events.ts";
export { handleWebhookRequest, readLimitedBody, refusedBodyDrainMs } from "./fetch.ts";
export * from "./handler.ts";
export { handleNodeWebhookRequest, readLimitedNodeBody } from "./node.ts";
export { isSignedBy, type SignedHeaders } from "./signature.ts";
