import { ClerkApp } from "@clerk/remix";
import { rootAuthLoader } from "@clerk/remix/ssr.server";
import stylesheet from "@crosswalk/ui/styles.css?url";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import { clerkOptions } from "./server/clerk.server";

export const meta: MetaFunction = () => [{ title: "clerk-crosswalk · Remix" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

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
      <body>
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
