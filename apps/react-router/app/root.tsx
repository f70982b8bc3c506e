import { ClerkProvider } from "@clerk/react-router";
import { rootAuthLoader } from "@clerk/react-router/server";
import { NotFound, SomethingWentWrong } from "@crosswalk/ui";
import stylesheet from "@crosswalk/ui/styles.css?url";
import type { ReactNode } from "react";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
} from "react-router";
import type { Route } from "./+types/root";
import { apiErrors, perVisitorAnswers } from "./server/api.server";
import { clerkMiddlewareForSessions } from "./server/clerk.server";

export const meta: Route.MetaFunction = () => [{ title: "clerk-crosswalk · React Router" }];

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

// #region crosswalk:clerk-setup
// Middleware runs before every loader and action, resource routes included: it verifies the session once
// and hands the result to getAuth(args) (the sync route and /api/health carry none, and skip it).
export const middleware: Route.MiddlewareFunction[] = [
  perVisitorAnswers,
  apiErrors,
  clerkMiddlewareForSessions(),
];

export const loader = (args: Route.LoaderArgs) => rootAuthLoader(args);
// #endregion

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

// Without it React Router renders its own boundary, which prints the whole error and its stack for every 404.
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return isRouteErrorResponse(error) && error.status === 404 ? (
    <NotFound />
  ) : (
    <SomethingWentWrong />
  );
}

export default function App({ loaderData }: Route.ComponentProps) {
  // #region crosswalk:clerk-setup
  return (
    <ClerkProvider loaderData={loaderData}>
      <Outlet />
    </ClerkProvider>
  );
  // #endregion
}
