import { isStorableText } from "@crosswalk/db";
import { z } from "zod";
import { iso3166Alpha2 } from "./countries.ts";

const country = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: "must be an ISO 3166-1 alpha-2 code such as GB", abort: true })
  .refine((code) => iso3166Alpha2.has(code), "is not an ISO 3166-1 alpha-2 country");

// Postgres keeps dates far beyond these years, JavaScript's Date and most clients do not: years 1 to 9999.
const birthday = z.iso
  .date({ error: "must be a date as YYYY-MM-DD" })
  .refine((value) => !value.startsWith("0000-"), "must be in the years 1 to 9999")
  .refine((value) => new Date(`${value}T00:00:00Z`).getTime() < Date.now(), "must be in the past");

const storableText = z.string().refine(isStorableText, "must not contain NUL");

export const profilePatch = z.strictObject({
  birthday: birthday.nullable().optional(),
  country: country.nullable().optional(),
  bio: storableText.max(2_000, "must be at most 2,000 characters").nullable().optional(),
});

export const newTask = z.strictObject({
  title: storableText.trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
});

/** Issues as `field: message` lines, never echoing the submitted values. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
}
