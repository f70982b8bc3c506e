import { createReadStream, existsSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join, normalize, sep } from "node:path";

/** A package whose `dist` folder the emulator serves, as Clerk's CDN serves `/npm/<name>@<version>/dist/`. */
interface Bundle {
  name: string;
  version: string;
  dist: string;
}

const contentTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
};

/**
 * The browser bundles of the Clerk packages installed beside the emulator: `@clerk/clerk-js` (6, with
 * `@clerk/ui`) for the React 19 SDKs and `@clerk/clerk-js` 5 (components built in) for @clerk/remix.
 * Each is resolved from `packageNames` (npm aliases are fine: the version comes from its package.json).
 */
export function installedBundles(packageNames: string[]): Bundle[] {
  const require = createRequire(import.meta.url);
  return packageNames.map((packageName) => {
    // Not require.resolve: these packages do not export their package.json.
    const manifestPath = (require.resolve.paths(packageName) ?? [])
      .map((modules) => join(modules, packageName, "package.json"))
      .find((path) => existsSync(path));
    if (!manifestPath) throw new Error(`${packageName} is not installed beside the emulator`);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      name: string;
      version: string;
    };
    return {
      name: manifest.name,
      version: manifest.version,
      dist: join(dirname(manifestPath), "dist"),
    };
  });
}

/**
 * Serves `/npm/<name>@<version or major>/dist/<file>`; a bare major (the SDKs' default `@6`) selects the
 * installed version of that major. Returns false for any other path.
 */
export function serveBundle(bundles: Bundle[], path: string, response: ServerResponse): boolean {
  const match = /^\/npm\/(@clerk\/[a-z-]+)@([0-9][0-9a-z.-]*)\/dist\/(.+)$/.exec(path);
  if (!match?.[1] || !match[2] || !match[3]) return false;
  const [, name, version, file] = match;
  const bundle = bundles.find(
    (candidate) =>
      candidate.name === name &&
      (candidate.version === version || candidate.version.split(".")[0] === version),
  );
  const resolved = bundle && normalize(join(bundle.dist, file));
  if (!bundle || !resolved?.startsWith(bundle.dist + sep) || !existsSync(resolved)) {
    response.writeHead(404, { "content-type": "text/plain" }).end("not installed\n");
    return true;
  }
  const extension = /\.[a-z0-9]+$/.exec(resolved)?.[0] ?? "";
  response.writeHead(200, {
    "content-type": contentTypes[extension] ?? "application/octet-stream",
    "access-control-allow-origin": "*",
    // An exact version never changes; a major is re-resolved when the workspace updates.
    "cache-control":
      bundle.version === version ? "public, max-age=31536000, immutable" : "no-cache",
  });
  createReadStream(resolved).pipe(response);
  return true;
}
