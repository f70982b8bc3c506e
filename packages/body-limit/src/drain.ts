/**
 * After a 413, the rest of the body is read and dropped up to {@link refusedBodyDrainBytes}, then left unread
 * (the client's writes stall), and let go after {@link refusedBodyDrainMs}: long enough for a client still
 * writing to read the answer before the connection closes, too little to tie the server up.
 */
export const refusedBodyDrainMs = 2_000;
export const refusedBodyDrainBytes = 1024 * 1024;

/**
 * A lingering close for a refused body, so a client still writing reads the 413 instead of a reset (closing
 * with unread data resets the connection). `next` reads a chunk, `letGo` gives up the rest. Resolves once the
 * drain is over: the body ended, the client went away, or it was let go. For fetch and Node bodies alike.
 */
export function drainRefusedBody(
  next: () => Promise<{ done?: boolean; value?: Uint8Array }>,
  letGo: () => void,
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      letGo();
      resolve();
    }, refusedBodyDrainMs);
    const over = () => {
      clearTimeout(timer);
      resolve();
    };
    void (async () => {
      let drained = 0;
      try {
        // Past the cap the rest stays unread until `letGo`.
        while (drained <= refusedBodyDrainBytes) {
          const { done, value } = await next();
          if (done) return over();
          drained += value?.byteLength ?? 0;
        }
      } catch {
        // The client went away: nothing is left to drain.
        over();
      }
    })();
  });
}
