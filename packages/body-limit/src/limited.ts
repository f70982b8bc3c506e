/**
 * A body read up to a limit, or refused past it. A refused body's rest is drained in the background; the
 * answer to it must say `Connection: close` and end once `drained` settles (see lingering.ts), since the
 * connection cannot carry another request after a body that was not read to its end.
 */
export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; drained: Promise<void> };
