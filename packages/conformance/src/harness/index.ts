export {
  freePort,
  type RunningApp,
  type RunningProcess,
  startApp,
  startWorker,
} from "./app-process.ts";
export { type AppConfig, readAppConfig, readAppConfigs } from "./context.ts";
export { type AppDatabase, createAppDatabase } from "./database.ts";
