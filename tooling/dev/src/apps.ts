import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PageSdk, pageSdkOf } from "@crosswalk/clerk-emulator";

export const root = fileURLToPath(new URL("../../..", import.meta.url));

export interface App {
  dir: string;
  name: string;
  port: number;
}

/** Every app and the port `pnpm dev` gives it. */
export const apps: App[] = [
  { dir: "nextjs", name: "Next.js", port: 3000 },
  { dir: "remix", name: "Remix", port: 3001 },
  { dir: "express", name: "Express (API only)", port: 3002 },
  { dir: "tanstack-start", name: "TanStack Start", port: 3003 },
  { dir: "react-router", name: "React Router", port: 3004 },
  { dir: "fastify", name: "Fastify (API only)", port: 3005 },
  { dir: "hono", name: "Hono (API only)", port: 3006 },
  { dir: "astro", name: "Astro", port: 3007 },
  { dir: "nuxt", name: "Nuxt", port: 3008 },
];

export const appUrl = (app: App) => `http://localhost:${app.port}`;

/** The Clerk SDK an app's pages load clerk-js through; undefined for the API-only app. */
export function pageSdkOfApp(app: App): PageSdk | undefined {
  const manifest = JSON.parse(
    readFileSync(join(root, "apps", app.dir, "package.json"), "utf8"),
  ) as {
    dependencies?: Record<string, string>;
  };
  return pageSdkOf(manifest.dependencies);
}

/** Whether the app's .env (or .env.local) holds Clerk keys, so `pnpm dev` leaves it on that instance. */
export function hasClerkKeys(app: App): boolean {
  return [".env", ".env.local"].some((file) => {
    const path = join(root, "apps", app.dir, file);
    return (
      existsSync(path) &&
      /^CLERK_SECRET_KEY=["']?sk_(test|live)_[A-Za-z0-9]/m.test(readFileSync(path, "utf8"))
    );
  });
}
