import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { database } from "./server/db";
import { env } from "./server/env";

// A missing or malformed variable stops `next start` here, naming it, before any request is served;
// the database is opened and migrated once at start-up.
exitOnInvalidEnv(env);
const handle = await database();
console.log(`[nextjs] database ready (${handle.kind})`);
