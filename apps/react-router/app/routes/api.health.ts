import { toResponse } from "@crosswalk/endpoints";
import type { LoaderFunctionArgs } from "react-router";
import { api, apiRoute } from "../server/api.server";

export const loader = apiRoute(async (args: LoaderFunctionArgs) =>
  toResponse((await api(args)).health()),
);

export { notFoundHere as action } from "../server/api.server";
