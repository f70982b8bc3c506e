import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  ssr: {
    // PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import,
    // as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
    external: ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"],
    // React Router 8 resolves to its development or production build by export condition; bundled with
    // the app, @clerk/react-router shares the app's copy (external, it would get the other one and its own
    // router context: "useNavigate() may be used only in the context of a <Router>").
    noExternal: ["@clerk/react-router"],
  },
});
