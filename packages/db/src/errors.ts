/**
 * The SQLSTATE of a database error, looked up through drizzle's wrapper. Logging this instead of the
 * error's message keeps query parameters (emails, names) out of the logs.
 */
export function sqlState(error: unknown): string | undefined {
  for (
    let current = error;
    current instanceof Object;
    current = (current as { cause?: unknown }).cause
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * An error as a log may show it: its name and its code (`ECONNREFUSED`, a SQLSTATE), never its message,
 * which can quote a URL, a query's parameters or a host.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = sqlState(error) ?? (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.name} ${code}` : error.name;
}
