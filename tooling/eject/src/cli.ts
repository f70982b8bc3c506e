// `pnpm eject <app> <dir>`: one app and the shared packages it uses, as a standalone pnpm project.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type EjectableApp, eject, ejectableApps } from "./eject.ts";

const [app, dir] = process.argv.slice(2);
if (!app || !dir || !(ejectableApps as readonly string[]).includes(app)) {
  console.error(`usage: pnpm eject <${ejectableApps.join("|")}> <empty or new directory>`);
  process.exit(1);
}
const root = fileURLToPath(new URL("../../..", import.meta.url));
const target = resolve(process.env.INIT_CWD ?? process.cwd(), dir);
eject(root, app as EjectableApp, target);
console.log(`wrote ${target}\nnext: cd ${target} && pnpm install && pnpm test`);
