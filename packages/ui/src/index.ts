export * from "./after-hydration.tsx";
export * from "./dashboard.tsx";
export * from "./error-pages.tsx";
export * from "./labels.ts";
export * from "./onboarding-control.tsx";
export * from "./workspace.tsx";
