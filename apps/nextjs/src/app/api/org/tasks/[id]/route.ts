import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, toResponse } from "@crosswalk/endpoints";
import { api } from "../../../../../server/api";

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return toResponse(
    await (await api()).deleteTask(await auth(), fetchRequestFacts(request), (await params).id),
  );
}
