import { sqlState } from "@crosswalk/db";

interface ClerkApiError {
  status?: unknown;
  retryAfter?: unknown;
  errors?: { code?: unknown }[];
}

/** Only the Backend API's own word that this resource does not exist, never a mere 404 from a proxy. */
export function isResourceNotFound(error: unknown): boolean {
  const apiError = error as ClerkApiError | null;
  return apiError?.status === 404 && apiError.errors?.[0]?.code === "resource_not_found";
}

const rateLimitRetries = 10;
const serverErrorRetries = 3;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls the Backend API again after a 429 (waiting its Retry-After: Clerk allows 100 requests per 10 s on a
 * development instance) or a 5xx (backing off 1, 2, 4 s), a few times, before giving up. A create is not
 * retried after a 5xx (`retryServerErrors` false): it may have happened, and a second would make another.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  sleep: Sleep,
  retryServerErrors = true,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const { status, retryAfter } = (error ?? {}) as ClerkApiError;
      const rateLimited = status === 429 && attempt <= rateLimitRetries;
      const serverError =
        retryServerErrors &&
        typeof status === "number" &&
        status >= 500 &&
        attempt <= serverErrorRetries;
      if (!rateLimited && !serverError) throw error;
      await sleep(
        rateLimited
          ? (typeof retryAfter === "number" ? retryAfter : 1) * 1000
          : 1000 * 2 ** (attempt - 1),
      );
    }
  }
}

// A lock another session held past the lock timeout, a deadlock, a statement the timeout cut: each is over
// once the other transaction ends, and the page's write is all or nothing.
const passingDatabaseStates = new Set(["55P03", "40P01", "57014"]);
const databaseRetries = 3;

/** Writes again after a database conflict that passes (backing off 1, 2, 4 s), a few times. */
export async function withDatabaseRetries<T>(call: () => Promise<T>, sleep: Sleep): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const state = sqlState(error);
      if (!state || !passingDatabaseStates.has(state) || attempt > databaseRetries) throw error;
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }
}
