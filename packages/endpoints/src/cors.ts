import { contractMethods, sessionlessPaths } from "./routes.ts";

/**
 * The API apps' CORS policy, for a single-page app on another origin that calls them with a Bearer token. Its
 * origins are the app's authorized parties, which a token's `azp` must name anyway; its methods are those of
 * the route asked about; its headers those a Bearer JSON request sends. It never allows credentials, so the
 * session cookie does not cross origins, and the sessionless routes (the sync route, /api/health) stay out.
 */
export interface CorsPolicy {
  /** The request's origin when it may read the answer, for `Access-Control-Allow-Origin`; else undefined. */
  allowedOrigin(origin: string | undefined): string | undefined;
  /** The route's methods, for `Access-Control-Allow-Methods`; empty for a path outside CORS. */
  methods(pathname: string): string[];
  allowedHeaders: string[];
  /** How long a browser may keep a preflight's answer. */
  maxAgeSeconds: number;
}

export function corsPolicy(authorizedParties: readonly string[]): CorsPolicy {
  return {
    allowedOrigin: (origin) =>
      origin !== undefined && authorizedParties.includes(origin) ? origin : undefined,
    methods: (pathname) => (sessionlessPaths.has(pathname) ? [] : contractMethods(pathname)),
    allowedHeaders: ["authorization", "content-type"],
    maxAgeSeconds: 600,
  };
}
