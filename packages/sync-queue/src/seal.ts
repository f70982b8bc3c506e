import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { SyncChange } from "@crosswalk/webhooks";

const format = "v1";
const ivBytes = 12;
const tagBytes = 16;

/**
 * The key that seals jobs, derived from the endpoint's signing secret: only a holder of the secret can read a
 * job or write one the worker accepts, so Redis (often unencrypted, snapshotted to disk) holds neither the
 * synced fields in the clear nor anything that applies without the secret.
 */
export function jobKey(signingSecret: string): Buffer {
  const secret = Buffer.from(signingSecret.replace(/^whsec_/, ""), "base64");
  return Buffer.from(
    hkdfSync("sha256", secret, Buffer.alloc(0), `crosswalk sync job ${format}`, 32),
  );
}

// The svix-id and event type are bound in, so a sealed change cannot be replayed under another id or type.
const boundData = (svixId: string, type: string) => Buffer.from(`${format}\n${svixId}\n${type}`);

/** AES-256-GCM: iv, ciphertext and tag, base64url. */
export function sealChange(key: Buffer, svixId: string, type: string, change: SyncChange): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(boundData(svixId, type));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(change), "utf8"), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** The change, when one of the keys sealed it for this svix-id and type; undefined otherwise. */
export function openChange(
  keys: Buffer[],
  svixId: string,
  type: string,
  sealed: string,
): SyncChange | undefined {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.byteLength <= ivBytes + tagBytes) return undefined;
  const iv = bytes.subarray(0, ivBytes);
  const tag = bytes.subarray(bytes.byteLength - tagBytes);
  const ciphertext = bytes.subarray(ivBytes, bytes.byteLength - tagBytes);
  for (const key of keys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv)
        .setAAD(boundData(svixId, type))
        .setAuthTag(tag);
      const json = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
      return JSON.parse(json) as SyncChange;
    } catch {}
  }
  return undefined;
}
