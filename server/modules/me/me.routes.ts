import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { MeResponse } from "../../../contracts/auth";
import { callerOf } from "../../http/auth";
import { meOf } from "./me.service";

export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/v1/me",
    {
      config: { permission: "authenticated", audit: { action: "session.view" } },
      schema: { response: { 200: MeResponse } },
    },
    async (request) => meOf(callerOf(request).actor),
  );
};
