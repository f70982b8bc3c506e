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
