import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killNotedGroups, processRegistryVariable } from "./process-group.ts";

/**
 * Runs in vitest's main process, which outlives the test workers: whatever a test started and could not
 * stop (a failed hook, a timed-out test, a worker that died) is killed here, and named on stderr.
 */
export default function setup() {
  const folder = mkdtempSync(join(tmpdir(), "crosswalk-processes-"));
  // Set before vitest starts its workers, which inherit the environment.
  process.env[processRegistryVariable] = folder;
  return async () => {
    const killed = await killNotedGroups(folder);
    rmSync(folder, { recursive: true, force: true });
    if (killed > 0)
      console.error(`conformance: killed ${killed} process group(s) a test left running`);
  };
}
