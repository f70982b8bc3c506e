export * from "./dashboard.tsx";
export * from "./onboarding-control.tsx";
