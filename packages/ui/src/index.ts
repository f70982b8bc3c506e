export * from "./dashboard.tsx";
export * from "./not-found.tsx";
export * from "./onboarding-control.tsx";
