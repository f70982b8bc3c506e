import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { exportJWK, type JWK } from "jose";
import { clerkId } from "./ids.ts";

export interface SigningKeys {
  /** Clerk puts the instance id in `kid`. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM with real newlines: the value of CLERK_JWT_KEY. */
  publicKeyPem: string;
  jwk: JWK;
}

/** RSA-2048 with e=65537: the SDK reads CLERK_JWT_KEY by stripping that exact header, so no other size works. */
export async function createSigningKeys(kid = clerkId("ins")): Promise<SigningKeys> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicExponent: 65537,
  });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return {
    kid,
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    jwk,
  };
}
