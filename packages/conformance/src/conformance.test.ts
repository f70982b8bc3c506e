import { afterAll, beforeAll, describe, it } from "vitest";
import { Harness, readAppConfig } from "./harness/context.ts";
import { authSuite } from "./suite/auth.ts";
import { browserSuite } from "./suite/browser.ts";
import { cachingSuite } from "./suite/caching.ts";
import { configurationSuite } from "./suite/configuration.ts";
import { corsSuite } from "./suite/cors.ts";
import { crossSiteSuite } from "./suite/cross-site.ts";
import { databaseOutagesSuite } from "./suite/database-outages.ts";
import { errorsSuite } from "./suite/errors.ts";
import { healthSuite } from "./suite/health.ts";
import { jsonBodiesSuite } from "./suite/json-bodies.ts";
import { membersSuite } from "./suite/members.ts";
import { onboardingSuite } from "./suite/onboarding.ts";
import { pagesSuite } from "./suite/pages.ts";
import { profileSuite } from "./suite/profile.ts";
import { queueModeSuite } from "./suite/queue-mode.ts";
import { requestFormsSuite } from "./suite/request-forms.ts";
import { secretsSuite } from "./suite/secrets.ts";
import { expectGracefulExit } from "./suite/shutdown.ts";
import { syncSuite } from "./suite/sync.ts";
import { tasksSuite } from "./suite/tasks.ts";
import { uploadsSuite } from "./suite/uploads.ts";
import { warningsSuite } from "./suite/warnings.ts";

const appDir = process.env.CONFORMANCE_APP_DIR;
if (!appDir)
  throw new Error(
    "CONFORMANCE_APP_DIR is not set: run the suite through an app's test:conformance script",
  );
const harness = new Harness(readAppConfig(appDir, process.env.CONFORMANCE_RUNTIME));
const databaseKind = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
const { framework, runtime } = harness.config;

describe(`${framework} (${runtime}) on ${databaseKind} serves the contract`, () => {
  beforeAll(() => harness.start());
  afterAll(async () => {
    await harness.stop();
    await harness.database?.drop();
  });

  healthSuite(harness);
  authSuite(harness);
  profileSuite(harness);
  jsonBodiesSuite(harness);
  onboardingSuite(harness);
  tasksSuite(harness);
  membersSuite(harness);
  errorsSuite(harness);
  requestFormsSuite(harness);
  cachingSuite(harness);
  corsSuite(harness);
  crossSiteSuite(harness);
  syncSuite(harness);
  uploadsSuite(harness);
  queueModeSuite(harness);
  databaseOutagesSuite(harness);
  if (harness.config.pages) {
    pagesSuite(harness);
    browserSuite(harness);
  }
  configurationSuite(harness);

  describe("shutdown", () => {
    it("exits within 5 s of SIGTERM, closing its database first", () =>
      expectGracefulExit(harness.app));
  });

  describe("database rows", () => {
    // PGlite admits one process at a time: its checks run here, once the app has stopped. It takes under
    // 2 s alone, and took over 30 s on a machine busy with the other apps' suites and browsers.
    it("match what each scenario expects", { timeout: 120_000 }, async () => {
      await harness.app.stop();
      await harness.database.runDeferred();
    });
  });
  secretsSuite(harness);
  warningsSuite(harness);
});
