import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api, apiRoute } from "../../../../../server/api";

export const DELETE = apiRoute(
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    return toResponse(
      await (await api()).deleteTask(await auth(), fetchRequestFacts(request), (await params).id),
    );
  },
);
