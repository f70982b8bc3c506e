export { syncedEventTypes } from "./events.ts";
export { handleWebhookRequest } from "./fetch.ts";
export * from "./handler.ts";
export { answerNodeWebhookRequest, handleNodeWebhookRequest } from "./node.ts";
export { isSignedBy, type SignedHeaders } from "./signature.ts";
