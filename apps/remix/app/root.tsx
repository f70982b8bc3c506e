import { ClerkApp } from "@clerk/remix";
import { rootAuthLoader } from "@clerk/remix/ssr.server";
import { NotFound, SomethingWentWrong } from "@crosswalk/ui";
import stylesheet from "@crosswalk/ui/styles.css?url";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { clerkOptions } from "./server/clerk.server";

export const meta: MetaFunction = () => [{ title: "clerk-crosswalk · Remix" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

// #region crosswalk:clerk-setup
export const loader = (args: LoaderFunctionArgs) => rootAuthLoader(args, clerkOptions());
// #endregion

// The document around every page and around the error boundary, which renders without Clerk's provider.
export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

// Without it Remix renders its own boundary, which prints the whole error and its stack for every 404.
export function ErrorBoundary() {
  const error = useRouteError();
  return isRouteErrorResponse(error) && error.status === 404 ? (
    <NotFound />
  ) : (
    <SomethingWentWrong />
  );
}

function App() {
  return <Outlet />;
}

// #region crosswalk:clerk-setup
export default ClerkApp(App);
// #endregion
