// Types `sessionClaims.metadata` in every Clerk SDK: apps include this file once (tsconfig "include").
import type { SessionMetadataClaim } from "./claims.ts";

declare global {
  interface CustomJwtSessionClaims {
    metadata?: SessionMetadataClaim;
  }
}
