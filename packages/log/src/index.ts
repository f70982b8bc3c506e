/** Ids, event types, statuses and error codes: never a secret, a token, a body or personal data. */
export type LogContext = Readonly<Record<string, string | number | undefined>>;

/**
 * What every shared package logs through. The context comes first, as pino orders it, so a Fastify or pino
 * logger is one as it is; an app that passes none gets {@link consoleLogger}.
 */
export interface Logger {
  info(context: LogContext, message: string): void;
  warn(context: LogContext, message: string): void;
  error(context: LogContext, message: string): void;
}

/** Console lines prefixed with `[name]`, the context after the message when there is one. */
export function consoleLogger(name: string): Logger {
  const line = (write: (...data: unknown[]) => void) => (context: LogContext, message: string) =>
    Object.keys(context).length > 0
      ? write(`[${name}] ${message}`, context)
      : write(`[${name}] ${message}`);
  return { info: line(console.log), warn: line(console.warn), error: line(console.error) };
}

/**
 * An error as a log may show it: its name and the first code on its cause chain (`ECONNREFUSED`, a SQLSTATE
 * under drizzle's wrapper), never its message, which can quote a URL, a query's parameters or a host.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  // A few links deep: a cause chain can loop.
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Object; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return `${error.name} ${code}`;
    current = (current as { cause?: unknown }).cause;
  }
  return error.name;
}
