import type { Config } from "@react-router/dev/config";

// Server rendering, as the other page apps: every page reads the session on the server.
export default { ssr: true } satisfies Config;
