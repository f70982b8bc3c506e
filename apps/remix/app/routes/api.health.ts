import { toResponse } from "@crosswalk/endpoints";
import { api } from "../server/api.server";

export const loader = async () => toResponse((await api()).health());

export { notFoundHere as action } from "../server/api.server";
