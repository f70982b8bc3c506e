export interface Measurement {
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `send(0)` … `send(count - 1)` from `concurrency` loops, timing each call and the whole. */
export async function measure(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<void>,
): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  let failed = false;
  const started = performance.now();
  // After a failure the other loops stop taking work, and the caller hears of it only once they have
  // settled, so nothing is still in flight when it closes its database.
  const loops = await Promise.allSettled(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count && !failed; index = next++) {
        const begin = performance.now();
        try {
          await send(index);
        } catch (error) {
          failed = true;
          throw error;
        }
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const failure = loops.find((loop) => loop.status === "rejected");
  if (failure) throw failure.reason;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    count,
    seconds,
    perSecond: count / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
