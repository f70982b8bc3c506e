import { ClerkApp } from "@clerk/remix";
import { rootAuthLoader } from "@clerk/remix/ssr.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import { clerkOptions } from "./server/clerk.server";

export const meta: MetaFunction = () => [{ title: "clerk-crosswalk · Remix" }];

// #region crosswalk:clerk-setup
export const loader = (args: LoaderFunctionArgs) => rootAuthLoader(args, clerkOptions());
// #endregion

function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "2rem auto", maxWidth: "40rem" }}>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

// #region crosswalk:clerk-setup
export default ClerkApp(App);
// #endregion
