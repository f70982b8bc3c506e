import { index, type RouteConfig, route } from "@react-router/dev/routes";

// The Remix app's file names, so the two apps diff route by route.
export default [
  index("routes/_index.tsx"),
  route("dashboard", "routes/dashboard.tsx"),
  route("sign-in/*", "routes/sign-in.$.tsx"),
  route("sign-up/*", "routes/sign-up.$.tsx"),
  route("api/health", "routes/api.health.ts"),
  route("api/me", "routes/api.me.ts"),
  route("api/claims", "routes/api.claims.ts"),
  route("api/profile", "routes/api.profile.ts"),
  route("api/onboarding/complete", "routes/api.onboarding.complete.ts"),
  route("api/org/members", "routes/api.org.members.ts"),
  route("api/org/tasks", "routes/api.org.tasks.ts"),
  route("api/org/tasks/:id", "routes/api.org.tasks.$id.ts"),
  route("api/webhooks/clerk", "routes/api.webhooks.clerk.ts"),
  route("api/*", "routes/api.$.ts"),
] satisfies RouteConfig;
