import type { LogContext, Logger } from "./index.ts";

export interface LoggedLine {
  level: keyof Logger;
  message: string;
  context: LogContext;
}

/** A logger that keeps its lines, for a test that checks what was logged, and what was not. */
export function recordingLogger(): Logger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const record = (level: keyof Logger) => (context: LogContext, message: string) => {
    lines.push({ level, message, context });
  };
  return { lines, info: record("info"), warn: record("warn"), error: record("error") };
}

/** For a test whose logs would only be noise. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
