"use client";

import { SomethingWentWrong } from "@crosswalk/ui";

// An error a page did not handle gets the page every app shows; the cause stays in the server's log.
export default function ErrorPage() {
  return <SomethingWentWrong />;
}
