import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClerkEmulator, createSignInAs, startClerkEmulator } from "../src/index.ts";

// The offline sign-in sets cookies that Clerk's own SDK accepts for a document request to the app.
describe("sign-in-as page", () => {
  let emulator: ClerkEmulator;
  const app = { name: "Demo", url: "http://localhost:3999" };

  beforeAll(async () => {
    emulator = await startClerkEmulator({
      environment: "production",
      sessionTokenTemplate: { metadata: { role: "{{user.public_metadata.role}}" } },
    });
    emulator.backend.pages.push(
      createSignInAs({
        state: emulator.state,
        apps: [app],
        startSession: (userId, origin) => emulator.frontend.signInAs(userId, origin),
        endSessions: (tokens) => emulator.frontend.signOutDevBrowsers(tokens),
      }),
    );
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

  it("clears the cookies on sign-out, under their suffixed names too", async () => {
    const response = await fetch(`${emulator.apiUrl}/sign-out`, {
      redirect: "manual",
      headers: { cookie: "__session=a; __session_ulAa7gXZ=b; __client_uat_ulAa7gXZ=1; other=c" },
    });
    const cleared = response.headers.getSetCookie();
    expect(cleared.every((line) => line.includes("Max-Age=0"))).toBe(true);
    expect(cleared.map((line) => line.split("=")[0])).toEqual([
      "__session",
      "__client_uat",
      "__clerk_db_jwt",
      "__session_ulAa7gXZ",
      "__client_uat_ulAa7gXZ",
      "__client",
    ]);
  });
});

// On a development instance the browser's dev browser names its client, so signing out ends its session.
describe("sign-out from the sign-in-as page on a development instance", () => {
  let emulator: ClerkEmulator;

  beforeAll(async () => {
    emulator = await startClerkEmulator({ environment: "development" });
    emulator.backend.pages.push(
      createSignInAs({
        state: emulator.state,
        apps: [{ name: "Demo", url: "http://localhost:3999" }],
        startSession: (userId, origin) => emulator.frontend.signInAs(userId, origin),
        endSessions: (tokens) => emulator.frontend.signOutDevBrowsers(tokens),
      }),
    );
  });
  afterAll(() => emulator.close());

  it("ends the session the shortcut started, so it mints no more tokens", async () => {
    const user = emulator.state.createUser({ firstName: "Ida" });
    const signIn = await fetch(`${emulator.apiUrl}/sign-in-as/${user.id}?app=0`, {
      redirect: "manual",
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const active = () =>
      [...emulator.frontend.sessions.sessions.values()].filter(
        (session) => session.userId === user.id && session.status === "active",
      ).length;
    expect(active()).toBe(1);

    await fetch(`${emulator.apiUrl}/sign-out`, { redirect: "manual", headers: { cookie } });
    expect(active()).toBe(0);
  });
});

// A DNS-rebinding page reaches 127.0.0.1 under its own name, which it cannot keep out of `Host`.
describe("sign-in-as pages behind a Host check", () => {
  let emulator: ClerkEmulator;
  let port: number;
  let userId: string;

  // fetch() forbids setting Host, so these go through node:http with the header forged.
  function get(path: string, host: string | undefined) {
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const request = httpRequest(
          { host: "127.0.0.1", port, path, method: "GET", setHost: false, agent: false },
          (response) => {
            let body = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => {
              body += chunk;
            });
            response.on("end", () =>
              resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
            );
          },
        );
        request.on("error", reject);
        if (host !== undefined) request.setHeader("host", host);
        request.end();
      },
    );
  }

  beforeAll(async () => {
    emulator = await startClerkEmulator({ environment: "production" });
    port = Number(new URL(emulator.apiUrl).port);
    emulator.backend.pages.push(
      createSignInAs({
        state: emulator.state,
        apps: [{ name: "Demo", url: "http://localhost:3999" }],
        startSession: (id, origin) => emulator.frontend.signInAs(id, origin),
        endSessions: (tokens) => emulator.frontend.signOutDevBrowsers(tokens),
      }),
    );
    userId = emulator.state.createUser({ firstName: "Rebind", email: "rebind@example.com" }).id;
  });
  afterAll(() => emulator.close());

  const pages = () => [
    { name: "the user list", path: "/sign-in-as" },
    { name: "a sign-in link", path: `/sign-in-as/${userId}?app=0` },
    { name: "sign-out", path: "/sign-out" },
  ];

  for (const host of ["evil.example", "localhost.evil.example:4010", "127.0.0.1.evil.example"]) {
    it(`refuses every page for Host: ${host}`, async () => {
      for (const page of pages()) {
        const response = await get(page.path, host);
        expect(response.status, page.name).toBe(403);
        expect(response.headers["set-cookie"], page.name).toBeUndefined();
        expect(response.headers.location, page.name).toBeUndefined();
        expect(response.body, page.name).not.toContain(userId);
        expect(response.body, page.name).not.toContain("rebind@example.com");
      }
    });
  }

  // Node's server answers an HTTP/1.1 request without Host with 400 itself; HTTP/1.0 needs none.
  it("refuses an HTTP/1.0 request without a Host header", async () => {
    for (const page of pages()) {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () =>
          socket.end(`GET ${page.path} HTTP/1.0\r\n\r\n`),
        );
        let text = "";
        socket.setEncoding("utf8");
        socket.on("data", (chunk: string) => {
          text += chunk;
        });
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
      });
      const [head = "", body = ""] = reply.split("\r\n\r\n");
      expect(head, page.name).toMatch(/^HTTP\/1\.1 403 /);
      expect(head.toLowerCase(), page.name).not.toContain("set-cookie");
      expect(body, page.name).not.toContain(userId);
    }
  });

  // PORT stands for the emulator's port, known only once it listens.
  for (const template of ["localhost:PORT", "127.0.0.1:PORT", "[::1]:PORT", "localhost"]) {
    it(`serves every page for Host: ${template}`, async () => {
      const host = template.replace("PORT", String(port));
      const list = await get("/sign-in-as", host);
      expect(list.status).toBe(200);
      expect(list.body).toContain(`/sign-in-as/${userId}?app=0`);
      expect(list.body).toContain("rebind@example.com");

      const signIn = await get(`/sign-in-as/${userId}?app=0`, host);
      expect(signIn.status).toBe(302);
      expect(signIn.headers.location).toBe("http://localhost:3999/dashboard");
      const cookies = signIn.headers["set-cookie"] ?? [];
      expect(cookies.some((line) => line.startsWith("__session="))).toBe(true);

      const signOut = await get("/sign-out", host);
      expect(signOut.status).toBe(302);
      expect(signOut.headers["set-cookie"]?.every((line) => line.includes("Max-Age=0"))).toBe(true);
    });
  }
});
