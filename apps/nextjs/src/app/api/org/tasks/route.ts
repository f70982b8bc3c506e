import { auth } from "@clerk/nextjs/server";
import { fetchRequestFacts, payloadTooLarge, readJsonText, toResponse } from "@crosswalk/endpoints";
import { api } from "../../../../server/api";

// #region crosswalk:org-permissions
// Permissions come from the token through auth().has({ permission }), never from the database.
export async function GET() {
  return toResponse(await (await api()).listTasks(await auth()));
}
// #endregion

export async function POST(request: Request) {
  const body = await readJsonText(request);
  if (body === undefined) return toResponse(payloadTooLarge);
  return toResponse(await (await api()).createTask(await auth(), fetchRequestFacts(request), body));
}
