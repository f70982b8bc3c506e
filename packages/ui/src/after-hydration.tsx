"use client";

import { type ReactNode, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** False on the server and while React hydrates the page, so both render the same markup; true after. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * Renders its children once the page has hydrated. Clerk's components render as soon as clerk-js has loaded,
 * read during render: when clerk-js finishes loading while React is still hydrating (a busy machine, a
 * development build), the client renders a mount point the server did not, and hydration fails.
 */
export function AfterHydration({ children }: { children: ReactNode }) {
  return useHydrated() ? children : null;
}

/** The page around Clerk's <SignIn/> or <SignUp/>, which it renders once the page has hydrated. */
export function AuthPage({ children }: { children: ReactNode }) {
  return (
    <main className="crosswalk-auth">
      <AfterHydration>{children}</AfterHydration>
    </main>
  );
}
