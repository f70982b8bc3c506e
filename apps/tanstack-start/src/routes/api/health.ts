import { healthOf, toResponse } from "@crosswalk/endpoints";
import { createFileRoute } from "@tanstack/react-router";
import { api } from "../../server/api";

export const Route = createFileRoute("/api/health")({
  server: { handlers: { GET: async () => toResponse(await healthOf(api)) } },
});
