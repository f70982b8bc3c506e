export async function register() {
  // Start-up checks use Node APIs (process.exit, the database), so the Edge runtime never loads them.
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
