import { emulatorFrontendApiHosts } from "@crosswalk/server-env";
import { randomHex } from "./ids.ts";

export type InstanceEnvironment = "development" | "production";

export interface InstanceKeys {
  environment: InstanceEnvironment;
  frontendApiHost: string;
  publishableKey: string;
  secretKey: string;
}

/** Keys in Clerk's format: the publishable key is `pk_test_`/`pk_live_` + base64 of `<frontend API host>$`. */
export function createInstanceKeys(
  environment: InstanceEnvironment = "development",
  // Hosts the apps' production start refuses, so the emulator's keys cannot end up in a deployment.
  frontendApiHost: string = emulatorFrontendApiHosts[environment],
): InstanceKeys {
  const kind = environment === "development" ? "test" : "live";
  return {
    environment,
    frontendApiHost,
    publishableKey: `pk_${kind}_${Buffer.from(`${frontendApiHost}$`).toString("base64")}`,
    secretKey: `sk_${kind}_${randomHex(20)}`,
  };
}
