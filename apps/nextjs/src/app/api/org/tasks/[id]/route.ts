import { auth } from "@clerk/nextjs/server";
import { toResponse } from "@crosswalk/endpoints";
import { api } from "../../../../../server/api";

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return toResponse(await (await api()).deleteTask(await auth(), (await params).id));
}
