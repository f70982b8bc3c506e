import { createClerkClient, verifyToken } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frontendApiSchemaErrors } from "../src/frontend-api/schema.ts";
import { type ClerkEmulator, startClerkEmulator } from "../src/index.ts";

const appOrigin = "http://localhost:3999";
const rolePermissions = {
  "org:admin": ["org:tasks:read", "org:tasks:create"],
  "org:member": ["org:tasks:read"],
};

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body read field by field in each test
  json: any;
  headers: Headers;
}

/**
 * A browser as clerk-js makes one: form bodies, PATCH and DELETE sent as POST with `_method`, and the
 * client held by the `__client` cookie (production) or the dev browser token (development).
 */
function browser(emulator: ClerkEmulator, origin = appOrigin) {
  let cookie = "";
  let devBrowser: string | undefined;
  return {
    async call(method: string, path: string, form: Record<string, string> = {}): Promise<Reply> {
      const url = new URL(`${emulator.frontendApiUrl}/v1${path}`);
      url.searchParams.set("__clerk_api_version", "2025-11-10");
      if (method !== "GET" && method !== "POST") url.searchParams.set("_method", method);
      if (devBrowser) url.searchParams.set("__clerk_db_jwt", devBrowser);
      const response = await fetch(url, {
        method: method === "GET" ? "GET" : "POST",
        headers: { origin, cookie, "content-type": "application/x-www-form-urlencoded" },
        body: method === "GET" ? undefined : new URLSearchParams(form),
      });
      const set = response.headers.getSetCookie().map((line) => line.split(";")[0]);
      if (set.length > 0) cookie = set.join("; ");
      return { status: response.status, json: await response.json(), headers: response.headers };
    },
    async useDevBrowser() {
      devBrowser = (await this.call("POST", "/dev_browser")).json.id;
      return devBrowser;
    },
    /** Its cookies for the Frontend API's host, and the dev browser cookie clerk-js keeps on the app's. */
    credentials: () => ({
      frontendApiCookie: cookie,
      appCookie: devBrowser ? `__clerk_db_jwt=${devBrowser}` : "",
    }),
  };
}

async function signUp(client: ReturnType<typeof browser>, email: string, code: string) {
  const created = await client.call("POST", "/client/sign_ups", {
    email_address: email,
    password: "a long enough password",
  });
  const id = created.json.response.id;
  await client.call("POST", `/client/sign_ups/${id}/prepare_verification`, {
    strategy: "email_code",
  });
  return client.call("POST", `/client/sign_ups/${id}/attempt_verification`, {
    strategy: "email_code",
    code,
  });
}

describe("the Frontend API", () => {
  let emulator: ClerkEmulator;
  const mailed: { emailAddress: string; code: string }[] = [];

  beforeAll(async () => {
    emulator = await startClerkEmulator({
      environment: "production",
      rolePermissions,
      sessionTokenTemplate: { metadata: { role: "{{user.public_metadata.role}}" } },
      onEmailCode: (emailAddress, code) => mailed.push({ emailAddress, code }),
      recordExchanges: true,
    });
  });
  afterAll(() => emulator.close());

  const verify = (jwt: string) =>
    verifyToken(jwt, { jwtKey: emulator.env.CLERK_JWT_KEY, authorizedParties: [appOrigin] });

  it("signs a new user up with a +clerk_test address and code 424242, mailing nothing", async () => {
    const client = browser(emulator);
    expect((await client.call("GET", "/client")).json).toEqual({ response: null, client: null });
    const wrong = await signUp(client, "ada+clerk_test@example.com", "000000");
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors[0]).toMatchObject({
      code: "form_code_incorrect",
      meta: { param_name: "code" },
    });
    const done = await client.call(
      "POST",
      `/client/sign_ups/${wrong.json.meta.client.sign_up.id}/attempt_verification`,
      { strategy: "email_code", code: "424242" },
    );
    expect(done.json.response).toMatchObject({ status: "complete", unverified_fields: [] });
    const user = emulator.state.getUser(done.json.response.created_user_id);
    expect(user.email).toBe("ada+clerk_test@example.com");
    expect(done.json.client.sessions[0].user.id).toBe(user.id);
    expect(mailed).toEqual([]);
  });

  it("mails other addresses a code of their own", async () => {
    const client = browser(emulator);
    const created = await client.call("POST", "/client/sign_ups", {
      email_address: "grace@example.com",
      password: "a long enough password",
    });
    await client.call("POST", `/client/sign_ups/${created.json.response.id}/prepare_verification`, {
      strategy: "email_code",
    });
    expect(mailed).toHaveLength(1);
    expect(mailed[0]?.emailAddress).toBe("grace@example.com");
    expect(mailed[0]?.code).toMatch(/^\d{6}$/);
    expect(
      (
        await client.call(
          "POST",
          `/client/sign_ups/${created.json.response.id}/attempt_verification`,
          { strategy: "email_code", code: "424242" },
        )
      ).status,
    ).toBe(422);
    const done = await client.call(
      "POST",
      `/client/sign_ups/${created.json.response.id}/attempt_verification`,
      { strategy: "email_code", code: mailed[0]?.code ?? "" },
    );
    expect(done.json.response.status).toBe("complete");
  });

  it("refuses a taken address, a short password and an unknown identifier with Clerk's codes", async () => {
    const client = browser(emulator);
    emulator.state.createUser({ email: "taken@example.com" });
    const taken = await client.call("POST", "/client/sign_ups", {
      email_address: "taken@example.com",
    });
    expect(taken.json.errors[0].code).toBe("form_identifier_exists");
    const short = await client.call("POST", "/client/sign_ups", { password: "short" });
    expect(short.json.errors[0].code).toBe("form_password_length_too_short");
    const unknown = await client.call("POST", "/client/sign_ins", {
      identifier: "nobody@example.com",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0].code).toBe("form_identifier_not_found");
  });

  it("signs in by password and by email code; a token carries the template's claims and azp", async () => {
    const user = emulator.state.createUser({
      email: "lin@example.com",
      publicMetadata: { role: "admin" },
    });
    emulator.frontend.sessions.setPassword(user.id, "lin's password");

    const byPassword = browser(emulator);
    const attempt = await byPassword.call("POST", "/client/sign_ins", {
      identifier: "lin@example.com",
    });
    const signInId = attempt.json.response.id;
    expect(
      attempt.json.response.supported_first_factors.map((f: { strategy: string }) => f.strategy),
    ).toEqual(["password", "email_code"]);
    const wrong = await byPassword.call(
      "POST",
      `/client/sign_ins/${signInId}/attempt_first_factor`,
      {
        strategy: "password",
        password: "not it",
      },
    );
    expect(wrong.json.errors[0].code).toBe("form_password_incorrect");
    const right = await byPassword.call(
      "POST",
      `/client/sign_ins/${signInId}/attempt_first_factor`,
      {
        strategy: "password",
        password: "lin's password",
      },
    );
    const sessionId = right.json.response.created_session_id;
    const token = await byPassword.call("POST", `/client/sessions/${sessionId}/tokens`);
    expect(await verify(token.json.jwt)).toMatchObject({
      sub: user.id,
      sid: sessionId,
      azp: appOrigin,
      metadata: { role: "admin" },
    });

    const byCode = browser(emulator);
    const second = await byCode.call("POST", "/client/sign_ins", { identifier: "lin@example.com" });
    await byCode.call("POST", `/client/sign_ins/${second.json.response.id}/prepare_first_factor`, {
      strategy: "email_code",
      email_address_id: second.json.response.supported_first_factors[1].email_address_id,
    });
    const code = mailed.at(-1)?.code ?? "";
    const viaCode = await byCode.call(
      "POST",
      `/client/sign_ins/${second.json.response.id}/attempt_first_factor`,
      { strategy: "email_code", code },
    );
    expect(viaCode.json.response.status).toBe("complete");
  });

  it("switches the active organization: the token's claims follow; a non-member is refused", async () => {
    const client = browser(emulator);
    const signedUp = await signUp(client, "org+clerk_test@example.com", "424242");
    const sessionId = signedUp.json.response.created_session_id;
    const userId = signedUp.json.response.created_user_id;
    const created = await client.call("POST", "/organizations", { name: "Acme Tools" });
    expect(created.json.response).toMatchObject({ name: "Acme Tools", slug: "acme-tools" });
    const organizationId = created.json.response.id;
    expect(emulator.state.membershipsOfUser(userId).map((m) => m.role)).toEqual(["org:admin"]);

    const touched = await client.call("POST", `/client/sessions/${sessionId}/touch`, {
      active_organization_id: organizationId,
    });
    expect(touched.json.response.last_active_organization_id).toBe(organizationId);
    const claims = await verify(
      (await client.call("POST", `/client/sessions/${sessionId}/tokens`)).json.jwt,
    );
    expect(claims).toMatchObject({ o: { id: organizationId, rol: "admin", per: "read,create" } });

    const elsewhere = emulator.state.createOrganization({ name: "Elsewhere" });
    const refused = await client.call("POST", `/client/sessions/${sessionId}/touch`, {
      active_organization_id: elsewhere.id,
    });
    expect(refused.status).toBe(403);
    const memberships = await client.call("GET", "/me/organization_memberships");
    expect(
      memberships.json.response.data.map(
        (m: { organization: { id: string } }) => m.organization.id,
      ),
    ).toEqual([organizationId]);
  });

  it("signs out: the client keeps no session and the ended one mints nothing", async () => {
    const client = browser(emulator);
    const signedUp = await signUp(client, "out+clerk_test@example.com", "424242");
    const sessionId = signedUp.json.response.created_session_id;
    const out = await client.call("DELETE", "/client/sessions");
    expect(out.json.response.sessions).toEqual([]);
    expect(out.json.response.last_active_session_id).toBeNull();
    const token = await client.call("POST", `/client/sessions/${sessionId}/tokens`);
    expect(token.status).toBe(401);
  });

  it("answers a loopback Host only, as the sign-in-as pages do", async () => {
    const { request } = await import("node:http");
    const port = Number(new URL(emulator.apiUrl).port);
    const status = await new Promise<number>((resolve, reject) => {
      const call = request(
        { host: "127.0.0.1", port, path: "/__clerk/v1/environment", setHost: false, agent: false },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      call.on("error", reject);
      call.setHeader("host", "evil.example");
      call.end();
    });
    expect(status).toBe(403);
  });

  it("answers CORS for loopback origins only", async () => {
    const local = await fetch(`${emulator.frontendApiUrl}/v1/environment`, {
      headers: { origin: appOrigin },
    });
    expect(local.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(local.headers.get("access-control-allow-credentials")).toBe("true");
    const foreign = await fetch(`${emulator.frontendApiUrl}/v1/environment`, {
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves the installed clerk-js and @clerk/ui bundles, by exact version or major, and nothing else", async () => {
    const js = await fetch(emulator.frontendEnv("@clerk/react-router").CLERK_JS_URL ?? "");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await js.text()).length).toBeGreaterThan(100_000);
    const ui = await fetch(emulator.frontendEnv("@clerk/nextjs").NEXT_PUBLIC_CLERK_UI_URL ?? "");
    expect(ui.status).toBe(200);
    const remix = await fetch(emulator.frontendEnv("@clerk/remix").CLERK_JS ?? "");
    expect(remix.status).toBe(200);
    expect(
      (await fetch(`${emulator.frontendApiUrl}/npm/@clerk/clerk-js@6/dist/clerk.browser.js`))
        .status,
    ).toBe(200);
    for (const path of [
      "/npm/@clerk/clerk-js@4/dist/clerk.browser.js",
      "/npm/@clerk/clerk-js@6/dist/../package.json",
      "/npm/@clerk/clerk-js@6/dist/%2e%2e/package.json",
    ])
      expect((await fetch(`${emulator.frontendApiUrl}${path}`)).status, path).toBe(404);
  });

  it("served only responses that validate against Clerk's published Frontend API spec", () => {
    expect(emulator.frontend.exchanges.length).toBeGreaterThan(30);
    expect(emulator.frontend.exchanges.flatMap(frontendApiSchemaErrors)).toEqual([]);
  });
});

describe("the handshake, as Clerk's own SDK runs it", () => {
  for (const environment of ["development", "production"] as const) {
    it(`hands a ${environment} browser's session to the app's SDK through a nonce`, async () => {
      const emulator = await startClerkEmulator({ environment });
      try {
        const clerk = createClerkClient({
          secretKey: emulator.env.CLERK_SECRET_KEY,
          publishableKey: emulator.env.CLERK_PUBLISHABLE_KEY,
          jwtKey: emulator.env.CLERK_JWT_KEY,
          apiUrl: emulator.apiUrl,
        });
        const options = { authorizedParties: [appOrigin], proxyUrl: emulator.frontendApiUrl };
        const page = (url: string, cookie: string) =>
          clerk.authenticateRequest(
            new Request(url, {
              headers: { accept: "text/html", "sec-fetch-dest": "document", cookie },
            }),
            options,
          );

        // A browser signed up through the Frontend API, holding its client as that instance does.
        const client = browser(emulator);
        if (environment === "development") await client.useDevBrowser();
        const signedUp = await signUp(client, `hs-${environment}+clerk_test@example.com`, "424242");
        const { frontendApiCookie, appCookie } = client.credentials();

        // The app's domain has no session cookie yet: for a page, the SDK sends the browser to the handshake.
        const first = await page(
          `${appOrigin}/dashboard`,
          [appCookie, "__client_uat=1"].join("; "),
        );
        expect(first.status).toBe("handshake");
        const handshake = first.headers.get("location") ?? "";
        expect(handshake.startsWith(`${emulator.frontendApiUrl}/v1/client/handshake?`)).toBe(true);

        const redirect = await fetch(handshake, {
          redirect: "manual",
          headers: { cookie: frontendApiCookie },
        });
        expect(redirect.status).toBe(307);
        const back = redirect.headers.get("location") ?? "";
        expect(new URL(back).searchParams.get("__clerk_handshake_nonce")).toMatch(/^[0-9a-f]{48}$/);

        // Back on the app, the SDK fetches the nonce's cookies from the Backend API and is signed in.
        const resolved = await page(back, appCookie);
        expect(resolved.isAuthenticated).toBe(true);
        expect(resolved.toAuth()).toMatchObject({
          userId: signedUp.json.response.created_user_id,
          sessionId: signedUp.json.response.created_session_id,
        });
        expect(resolved.headers.getSetCookie().some((c) => c.startsWith("__session="))).toBe(true);
        // A dev server may render the page twice: the nonce still answers, and a forged one does not.
        expect((await page(back, appCookie)).isAuthenticated).toBe(true);
        const forged = new URL(back);
        forged.searchParams.set("__clerk_handshake_nonce", "0".repeat(48));
        expect((await page(forged.href, appCookie)).isAuthenticated).toBe(false);
      } finally {
        await emulator.close();
      }
    });
  }

  it("refuses to send a handshake anywhere but a loopback origin", async () => {
    const emulator = await startClerkEmulator({ environment: "production" });
    try {
      const response = await fetch(
        `${emulator.frontendApiUrl}/v1/client/handshake?redirect_url=${encodeURIComponent("https://evil.example/")}`,
        { redirect: "manual" },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
    } finally {
      await emulator.close();
    }
  });
});

describe("recorded exchanges", () => {
  it("keeps no Frontend API response unless asked to, so a long pnpm dev holds none", async () => {
    const emulator = await startClerkEmulator({ environment: "production" });
    try {
      const client = browser(emulator);
      expect((await client.call("GET", "/environment")).status).toBe(200);
      expect((await client.call("GET", "/client")).status).toBe(200);
      expect(emulator.frontend.exchanges).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
