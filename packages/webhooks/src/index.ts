export { refusedBodyDrainMs } from "./drain.ts";
export { syncedEventTypes } from "./events.ts";
export { handleWebhookRequest, readLimitedBody } from "./fetch.ts";
export * from "./handler.ts";
export { handleNodeWebhookRequest, readLimitedNodeBody } from "./node.ts";
export { isSignedBy, type SignedHeaders } from "./signature.ts";
