import type { Redis } from "ioredis";

/** For tests: everything Redis holds for the queue, every key and value of every type, as one text to search. */
export async function queueContents(redis: Redis, queueName: string): Promise<string> {
  const keys = await redis.keys(`bull:${queueName}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    parts.push(key);
    if (type === "string") parts.push((await redis.get(key)) ?? "");
    else if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === "list") parts.push(JSON.stringify(await redis.lrange(key, "0", "-1")));
    else if (type === "set") parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === "zset") parts.push(JSON.stringify(await redis.zrange(key, "0", "-1")));
    else if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")));
  }
  return parts.join("\n");
}
