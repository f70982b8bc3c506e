import { ClerkProvider } from "@clerk/nextjs";
import type { ReactNode } from "react";
import { env } from "../server/env";

// Rendered per request: the publishable key comes from the runtime environment, not the build's.
export const dynamic = "force-dynamic";

export const metadata = { title: "clerk-crosswalk · Next.js" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <ClerkProvider
      publishableKey={env().clerk.publishableKey}
      signInUrl="/sign-in"
      signUpUrl="/sign-up"
    >
      <html lang="en">
        <body
          style={{ fontFamily: "system-ui, sans-serif", margin: "2rem auto", maxWidth: "40rem" }}
        >
          {children}
        </body>
      </html>
    </ClerkProvider>
  );
}
