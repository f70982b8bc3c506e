export { refusedBodyDrainBytes, refusedBodyDrainMs } from "./drain.ts";
export { readLimitedBody } from "./fetch.ts";
export { readLimitedNodeBody } from "./node.ts";
