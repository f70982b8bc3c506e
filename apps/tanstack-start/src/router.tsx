import { NotFound, SomethingWentWrong } from "@crosswalk/ui";
import { createRouter } from "@tanstack/react-router";
import { routeTree } from "./routeTree.gen";

export function getRouter() {
  return createRouter({
    routeTree,
    scrollRestoration: true,
    defaultNotFoundComponent: NotFound,
    // An error a route did not handle: the page every app shows, the cause left in the server's log.
    defaultErrorComponent: SomethingWentWrong,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof getRouter>;
  }
}
