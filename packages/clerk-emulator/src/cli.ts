#!/usr/bin/env node
// Runs the emulator standalone: `pnpm --filter @crosswalk/clerk-emulator start --port 4010 --users 3`.
import { parseArgs } from "node:util";
import { pageSdks, startClerkEmulator } from "./emulator.ts";

const { values } = parseArgs({
  // `pnpm start -- --port 4010` hands the separator through; it carries no meaning here.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    port: { type: "string", default: "0" },
    users: { type: "string", default: "1" },
    environment: { type: "string", default: "development" },
    "webhook-url": { type: "string", multiple: true },
    "webhook-secret": { type: "string" },
    // As a new Clerk instance: organizations off, to try `pnpm clerk:setup` and `pnpm clerk:doctor` on.
    blank: { type: "boolean", default: false },
  },
});
if (values.environment !== "development" && values.environment !== "production") {
  console.error("--environment must be development or production");
  process.exit(1);
}

const emulator = await startClerkEmulator({
  port: Number(values.port),
  environment: values.environment,
  webhookUrls: values["webhook-url"],
  webhookSecret: values["webhook-secret"],
  organizationsEnabled: !values.blank,
  // Clerk would mail these; a `+clerk_test` address needs none (its code is 424242).
  onEmailCode: (emailAddress, code) =>
    console.log(`verification code for ${emailAddress}: ${code}`),
});
/** The seeded users' password, for <SignIn/>. */
const password = "crosswalk-demo";
const organization = values.blank
  ? undefined
  : emulator.state.createOrganization({ name: "Crosswalk Demo", slug: "crosswalk-demo" });
for (let index = 1; index <= Number(values.users); index += 1) {
  const user = emulator.state.createUser({
    firstName: "Demo",
    lastName: `User ${index}`,
    email: `demo${index}@example.com`,
  });
  if (organization)
    emulator.state.addMembership(
      organization.id,
      user.id,
      index === 1 ? "org:admin" : "org:member",
    );
  emulator.frontend.sessions.setPassword(user.id, password);
  console.log(`user ${user.id} (${user.email}, password ${password})`);
}
if (organization) console.log(`organization ${organization.id} (${organization.slug})`);
console.log(
  `\nClerk emulator: Backend API on ${emulator.apiUrl}, Frontend API on ${emulator.frontendApiUrl}. Environment for an app:\n`,
);
for (const [name, value] of Object.entries(emulator.env))
  console.log(`${name}=${JSON.stringify(value)}`);
for (const sdk of pageSdks) {
  console.log(`\nAnd for pages through ${sdk}, so Clerk's components load from the emulator:\n`);
  for (const [name, value] of Object.entries(emulator.frontendEnv(sdk)))
    console.log(`${name}=${JSON.stringify(value)}`);
}

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
