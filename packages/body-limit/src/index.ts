export { refusedBodyDrainBytes, refusedBodyDrainMs } from "./drain.ts";
export { readLimitedBody } from "./fetch.ts";
export type { LimitedBody } from "./limited.ts";
export { endLingering, lingeringResponse } from "./lingering.ts";
export { readLimitedNodeBody } from "./node.ts";
