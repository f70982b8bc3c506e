import { toResponse } from "@crosswalk/endpoints";
import { api } from "../../../server/api";

export async function GET() {
  return toResponse((await api()).health());
}
