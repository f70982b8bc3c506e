import { perCallerCacheControl } from "@crosswalk/endpoints";
import { defineEventHandler, setResponseHeader } from "h3";

// Every page and the data a client-side navigation fetches (/dashboard.data, its 401 too) carry the visitor's
// auth state or data: no cache may keep one. The hashed /_nuxt files and public/ are served before any
// middleware; the API routes say so themselves.
export default defineEventHandler((event) => {
  if (!event.path.startsWith("/api/"))
    setResponseHeader(event, "cache-control", perCallerCacheControl);
});
