import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { VerifyDigest, VerifyResponse } from "../../../contracts/verify";
import type { VerifyInput, VerifyService } from "./verify.service";

const MAX_PDF_BYTES = 25 * 1024 * 1024;

/**
 * POST /api/v1/verify — public: did this portal issue this document? Send the PDF itself (application/pdf) or
 * its digest ({ "sha256": "<hex>" }). The answer names the document's type, period and issue time only.
 */
export const verifyRoutes =
  (verify: VerifyService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addContentTypeParser(
      "application/pdf",
      { parseAs: "buffer", bodyLimit: MAX_PDF_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      "/api/v1/verify",
      {
        // No route-wide body limit: the PDF parser's own limit is the large one, JSON keeps the server's small one.
        config: { allowCrossOrigin: true, rateLimit: "public", audit: { action: "document.verify" } },
        schema: {
          description:
            "Public: did this portal issue this document? Send the PDF itself, or its SHA-256 as JSON. The answer describes the document (type, period, issue time), never whose it is.",
          body: Type.Unsafe<Buffer | VerifyDigest>({
            content: {
              "application/json": { schema: VerifyDigest },
              "application/pdf": {
                schema: { description: "The PDF file (up to 25 MB).", contentMediaType: "application/pdf" },
              },
            },
          }),
          response: { 200: VerifyResponse },
        },
      },
      async (request) => verify.verifyDocument(request.body as VerifyInput),
    );
  };
