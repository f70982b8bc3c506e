/** One line of a report: a check that held, one that failed with what to do, or a note. */
export interface Line {
  status: "ok" | "fail" | "info";
  text: string;
  /** What to do about a failure, or more about a note; printed indented under it. */
  detail?: string[];
}

const marks = { ok: "✓", fail: "✗", info: "–" } as const;

export function formatLine(line: Line): string {
  return [`${marks[line.status]} ${line.text}`, ...(line.detail ?? []).map((d) => `    ${d}`)].join(
    "\n",
  );
}

export const ok = (text: string, detail?: string[]): Line => ({
  status: "ok",
  text,
  ...(detail ? { detail } : {}),
});
export const fail = (text: string, detail?: string[]): Line => ({
  status: "fail",
  text,
  ...(detail ? { detail } : {}),
});
export const info = (text: string, detail?: string[]): Line => ({
  status: "info",
  text,
  ...(detail ? { detail } : {}),
});
