import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClerkEmulator, createSignInAs, startClerkEmulator } from "../src/index.ts";

// The offline sign-in sets cookies that Clerk's own SDK accepts for a document request to the app.
describe("sign-in-as page", () => {
  let emulator: ClerkEmulator;
  const app = { name: "Demo", url: "http://localhost:3999" };

  beforeAll(async () => {
    emulator = await startClerkEmulator({ environment: "production" });
    emulator.backend.pages = createSignInAs({
      state: emulator.state,
      mint: emulator.mint,
      cookies: emulator.cookies,
      apps: [app],
      claimsFor: (user) => ({ metadata: { role: user.publicMetadata?.role ?? null } }),
    });
  });
  afterAll(() => emulator.close());

  it("lists the users with a link per app", async () => {
    const user = emulator.state.createUser({ firstName: "Lin", email: "lin@example.com" });
    const html = await (await fetch(`${emulator.apiUrl}/sign-in-as`)).text();
    expect(html).toContain(`/sign-in-as/${user.id}?app=0`);
    expect(html).toContain("lin@example.com");
  });

  it("sets session cookies the SDK accepts and opens the app's dashboard", async () => {
    const user = emulator.state.createUser({ publicMetadata: { role: "admin" } });
    const response = await fetch(`${emulator.apiUrl}/sign-in-as/${user.id}?app=0`, {
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${app.url}/dashboard`);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");

    const clerk = createClerkClient({
      secretKey: emulator.env.CLERK_SECRET_KEY,
      publishableKey: emulator.env.CLERK_PUBLISHABLE_KEY,
      jwtKey: emulator.env.CLERK_JWT_KEY,
    });
    const state = await clerk.authenticateRequest(
      new Request(`${app.url}/dashboard`, {
        headers: { cookie, accept: "text/html", "sec-fetch-dest": "document" },
      }),
      { authorizedParties: [app.url] },
    );
    expect(state.isAuthenticated).toBe(true);
    expect(state.toAuth()).toMatchObject({
      userId: user.id,
      sessionClaims: { metadata: { role: "admin" } },
    });
  });

  it("clears the cookies on sign-out", async () => {
    const response = await fetch(`${emulator.apiUrl}/sign-out`, { redirect: "manual" });
    expect(response.headers.getSetCookie().every((line) => line.includes("Max-Age=0"))).toBe(true);
  });
});
