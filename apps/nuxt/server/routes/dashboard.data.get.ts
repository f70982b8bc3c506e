import { createError, defineEventHandler } from "h3";
import { api, pageData } from "../utils/api.ts";
import { clerkClient } from "../utils/clerk.ts";

// The dashboard's data, which app/pages/dashboard.vue fetches on the server and again after each client-side
// navigation to it (an organization switch), as React Router's and Remix's `.data` requests do.
export default defineEventHandler(async (event) => {
  const session = event.context.auth();
  if (!session.userId) throw createError({ statusCode: 401 });
  return pageData("/dashboard", async () =>
    (await api()).dashboard(session, await clerkClient().users.getUser(session.userId)),
  );
});
