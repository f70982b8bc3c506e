export { diagnose } from "./doctor.ts";
export { loadInstanceEnv } from "./env.ts";
export { connect } from "./instance.ts";
export { formatLine, type Line } from "./report.ts";
export { plan } from "./setup.ts";
