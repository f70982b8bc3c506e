import { afterEach, expect, it, vi } from "vitest";
import { jsonErrors } from "../src/index.ts";

afterEach(() => vi.restoreAllMocks());

it("answers 500 internal_error for whatever a route throws, logging the error's name only", async () => {
  const logged: unknown[][] = [];
  vi.spyOn(console, "error").mockImplementation((...args) => logged.push(args));
  const route = jsonErrors("nextjs", async (_request: Request) => {
    throw new TypeError("could not read bio=secret for grace@example.com");
  });
  const response = await route(new Request("http://localhost/api/profile?email=grace@example.com"));
  expect(response.status).toBe(500);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ error: "internal_error" });
  expect(logged).toEqual([["[nextjs] GET /api/profile failed: TypeError"]]);
});

it("passes a route's own answer and a thrown Response (a redirect) through", async () => {
  const answered = jsonErrors("remix", async () => Response.json({ ok: true }));
  expect(await (await answered()).json()).toEqual({ ok: true });
  const redirect = new Response(null, { status: 307, headers: { location: "/sign-in" } });
  const redirecting = jsonErrors("remix", async () => {
    throw redirect;
  });
  await expect(redirecting()).rejects.toBe(redirect);
});

it("throws again what the framework throws for control flow, when told how to tell it", async () => {
  const notFoundSignal = Object.assign(new Error("NEXT_HTTP_ERROR_FALLBACK;404"), {
    digest: "404",
  });
  const route = jsonErrors(
    "nextjs",
    async () => {
      throw notFoundSignal;
    },
    {
      rethrow: (error) => {
        if ((error as { digest?: string }).digest) throw error;
      },
    },
  );
  await expect(route()).rejects.toBe(notFoundSignal);
});
