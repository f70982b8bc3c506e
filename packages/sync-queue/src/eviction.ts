import type { Redis } from "ioredis";

/**
 * What is wrong with Redis's eviction policy for a queue, or undefined: with anything but `noeviction`, Redis
 * under memory pressure deletes keys, jobs among them, silently. A managed Redis that refuses `CONFIG` is
 * reported too, since the policy cannot be checked.
 */
export async function evictionPolicyProblem(redis: Redis): Promise<string | undefined> {
  let policy: string | undefined;
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
    policy = reply[1];
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(" ")[0] : "an error";
    return `Redis answered CONFIG GET maxmemory-policy with ${reason}: the worker cannot check that Redis evicts no queued event. Set maxmemory-policy noeviction and allow CONFIG GET to the worker's user`;
  }
  if (policy === "noeviction") return undefined;
  return `Redis's maxmemory-policy is ${policy ?? "unknown"}: set it to noeviction (redis.conf or CONFIG SET maxmemory-policy noeviction), or Redis may evict queued events`;
}
