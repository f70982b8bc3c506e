import { randomBytes, randomInt } from "node:crypto";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** An id shaped like Clerk's: a type prefix and 27 base62 characters. */
export function clerkId(
  prefix:
    | "user"
    | "sess"
    | "org"
    | "orgmem"
    | "ins"
    | "idn"
    | "client"
    | "sia"
    | "sua"
    | "role"
    | "perm",
): string {
  let body = "";
  for (let index = 0; index < 27; index += 1) body += alphabet[randomInt(alphabet.length)];
  return `${prefix}_${body}`;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}
