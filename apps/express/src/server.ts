import { createApp } from "./app.ts";
import { database } from "./db.ts";
import { env } from "./env.ts";

const server = createApp().listen(env.port, () => {
  console.log(`[express] listening on http://localhost:${env.port} (database: ${database.kind})`);
});

async function shutdown() {
  server.close();
  await database.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
