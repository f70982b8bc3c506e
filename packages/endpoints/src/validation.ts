import { z } from "zod";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

// Intl knows the assigned ISO 3166-1 alpha-2 codes and echoes any other code back unchanged.
const country = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: "must be an ISO 3166-1 alpha-2 code such as GB", abort: true })
  .refine(
    (code) => code !== "ZZ" && regionNames.of(code) !== code,
    "is not an ISO 3166-1 alpha-2 country",
  );

const birthday = z.iso
  .date({ error: "must be a date as YYYY-MM-DD" })
  .refine((value) => new Date(`${value}T00:00:00Z`).getTime() < Date.now(), "must be in the past");

export const profilePatch = z.strictObject({
  birthday: birthday.nullable().optional(),
  country: country.nullable().optional(),
  bio: z.string().max(2_000, "must be at most 2,000 characters").nullable().optional(),
});

export const newTask = z.strictObject({
  title: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
});

/** Issues as `field: message` lines, never echoing the submitted values. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
}
