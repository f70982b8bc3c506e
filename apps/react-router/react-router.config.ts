import type { Config } from "@react-router/dev/config";

export default {
  // Server rendering, as the other page apps: every page reads the session on the server.
  ssr: true,
  future: {
    // The dev server scans the routes for dependencies at start-up. Without it, the first page finds
    // @clerk/react-router and React Router's client entry, and the optimizer's reload breaks that page.
    unstable_optimizeDeps: true,
  },
} satisfies Config;
