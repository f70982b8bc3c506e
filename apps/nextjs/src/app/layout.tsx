import { ClerkProvider } from "@clerk/nextjs";
import "@crosswalk/ui/styles.css";
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
        <body>{children}</body>
      </html>
    </ClerkProvider>
  );
}
