import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuditAction } from "../../../contracts/audit";
import { TenantView } from "../../../contracts/common";
import {
  ApproverOptions,
  ApproverOptionsQuery,
  ClientProposalList,
  ClientProposalListQuery,
  ClientProposalView,
  CreateProposalBody,
  DeclineProposalBody,
  ProposalParams,
  SignProposalBody,
  StaffProposal,
  StaffProposalList,
  StaffProposalListQuery,
  UpdateProposalBody,
} from "../../../contracts/proposals";
import { cleanUserAgent } from "../../audit/events";
import { afterCommit, callerOf } from "../../http/auth";
import { errorAnswer, fileDownload, noBody } from "../../http/openapi";
import type { ProposalService, RequestOrigin } from "./proposals.service";

const resource = { resource: "proposal" as const };
/** A proposal body may be long Markdown (up to 50,000 characters). */
const PROPOSAL_BODY_LIMIT = 256 * 1024;

const originOf = (request: FastifyRequest): RequestOrigin => ({
  ip: request.ip,
  userAgent: cleanUserAgent(request.headers["user-agent"]),
});

/** Sends stored PDF bytes as an attachment; the SHA-256 is the ETag. */
function sendPdf(
  request: FastifyRequest,
  reply: FastifyReply,
  file: { pdf: Buffer; sha256: string; filename: string },
) {
  const etag = `"${file.sha256}"`;
  reply
    .header("content-disposition", `attachment; filename="${file.filename}"`)
    .header("cache-control", "no-store")
    .header("etag", etag);
  if (request.headers["if-none-match"] === etag) return reply.status(304).send();
  return reply.type("application/pdf").send(file.pdf);
}

const pdfResponses = {
  200: fileDownload("The PDF, as an attachment (its SHA-256 is the ETag).", "application/pdf"),
  304: noBody("Not modified: the If-None-Match ETag is the PDF's SHA-256."),
  409: errorAnswer("The signed copy does not exist yet."),
};

export const proposalRoutes =
  (proposals: ProposalService): FastifyPluginAsyncTypebox =>
  async (app) => {
    // ---- clients -------------------------------------------------------------------------------------------

    app.get(
      "/api/proposals",
      {
        config: { permission: "can_view_proposals", audit: { action: "proposal.list" } },
        schema: {
          description:
            "Proposals and approval requests the caller may read (never drafts), newest first; `awaitingYou` marks those waiting for the caller's signature.",
          querystring: ClientProposalListQuery,
          response: { 200: ClientProposalList },
        },
      },
      async (request) => proposals.list(callerOf(request), request.query),
    );

    app.get(
      "/api/proposals/:id/client-view",
      {
        config: {
          permission: "can_view_proposals",
          audit: { action: "proposal.view", ...resource, writes: true },
        },
        schema: {
          description:
            "A proposal as its client reads it: the body as safe HTML, price lines and total, the document's SHA-256 (what a signature applies to), the signers' decisions, the e-signature disclosure and the PDF links. A client's first view marks it viewed.",
          params: ProposalParams,
          querystring: TenantView,
          response: { 200: ClientProposalView },
        },
      },
      async (request) => proposals.clientView(callerOf(request), request.params.id, request.query.tenant),
    );

    for (const [path, which] of [
      ["pdf", "pdf"],
      ["signed-pdf", "signed_pdf"],
    ] as const) {
      app.get(
        `/api/proposals/:id/${path}`,
        {
          config: { permission: "can_view_proposals", audit: { action: "proposal.download", ...resource } },
          schema: {
            description:
              which === "pdf"
                ? "The document to sign, exactly the bytes whose SHA-256 a signature names."
                : "The signed copy: the document, then its signature certificate (every signer's evidence and the time line), sealed with the provider's certificate.",
            params: ProposalParams,
            querystring: TenantView,
            response: pdfResponses,
          },
        },
        async (request, reply) =>
          sendPdf(
            request,
            reply,
            await proposals.clientDocument(callerOf(request), request.params.id, which, request.query.tenant),
          ),
      );
    }

    const decisionResponses = {
      200: ClientProposalView,
      409: errorAnswer(
        "Already decided, expired, replaced by a newer version, or the document changed since it was shown (stale documentSha256).",
      ),
    };

    app.post(
      "/api/proposals/:id/sign",
      {
        config: { permission: "can_sign_documents", audit: { action: "proposal.sign", ...resource } },
        schema: {
          description:
            "Signs as one of the named signers: the typed name, consent to the disclosure shown (must be true) and the SHA-256 of the document shown. The evidence is kept; when every signer has signed, the signed copy is made.",
          params: ProposalParams,
          body: SignProposalBody,
          response: decisionResponses,
        },
      },
      async (request) => {
        const { view, certify } = await proposals.sign(
          callerOf(request),
          request.params.id,
          request.body,
          originOf(request),
        );
        if (certify) afterCommit(request, certify);
        return view;
      },
    );

    app.post(
      "/api/proposals/:id/decline",
      {
        config: { permission: "can_sign_documents", audit: { action: "proposal.decline", ...resource } },
        schema: {
          description: "Declines as one of the named signers, with a reason; the proposal is then declined.",
          params: ProposalParams,
          body: DeclineProposalBody,
          response: decisionResponses,
        },
      },
      async (request) =>
        (await proposals.decline(callerOf(request), request.params.id, request.body, originOf(request))).view,
    );

    // ---- staff ---------------------------------------------------------------------------------------------

    const manage = (action: AuditAction, withResource = true) => ({
      permission: "can_manage_engagements" as const,
      audit: withResource ? { action, ...resource } : { action },
    });

    app.get(
      "/api/v1/admin/proposals",
      {
        config: manage("admin.proposal_list", false),
        schema: { querystring: StaffProposalListQuery, response: { 200: StaffProposalList } },
      },
      async (request) => proposals.staffList(callerOf(request), request.query),
    );

    app.get(
      "/api/v1/admin/proposals/approvers",
      {
        config: manage("admin.proposal_approvers", false),
        schema: {
          description:
            "The tenant's customer approvers who can see the workspace: who may be named as signers.",
          querystring: ApproverOptionsQuery,
          response: { 200: ApproverOptions },
        },
      },
      async (request) => proposals.approvers(callerOf(request), request.query.workspaceId),
    );

    app.post(
      "/api/v1/admin/proposals",
      {
        bodyLimit: PROPOSAL_BODY_LIMIT,
        config: manage("admin.proposal_create", false),
        schema: {
          description:
            "Drafts a proposal (or, with kind `approval`, an approval request on an engagement item) and renders its PDF. Totals are computed here, in minor units.",
          body: CreateProposalBody,
          response: { 201: StaffProposal },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await proposals.create(callerOf(request), request.body)),
    );

    app.get(
      "/api/v1/admin/proposals/:id",
      {
        config: manage("admin.proposal_view"),
        schema: {
          description: "A proposal with every signer's state and the evidence of their decision.",
          params: ProposalParams,
          response: { 200: StaffProposal },
        },
      },
      async (request) => proposals.staffGet(callerOf(request), request.params.id),
    );

    app.patch(
      "/api/v1/admin/proposals/:id",
      {
        bodyLimit: PROPOSAL_BODY_LIMIT,
        config: manage("admin.proposal_update"),
        schema: {
          description: "Edits a draft (a sent document changes by a new version: 409) and renders it again.",
          params: ProposalParams,
          body: UpdateProposalBody,
          response: { 200: StaffProposal, 409: errorAnswer("Not a draft.") },
        },
      },
      async (request) => proposals.update(callerOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/v1/admin/proposals/:id/send",
      {
        config: manage("admin.proposal_send"),
        schema: {
          description:
            "Sends the draft: each signer is emailed (users a link to the portal, addresses an approver access link to the workspace); the version it revises can no longer be signed.",
          params: ProposalParams,
          response: { 200: StaffProposal, 409: errorAnswer("Not a draft.") },
        },
      },
      async (request) => {
        const { view, queueMail } = await proposals.send(callerOf(request), request.params.id);
        afterCommit(request, queueMail);
        return view;
      },
    );

    app.post(
      "/api/v1/admin/proposals/:id/revise",
      {
        config: manage("admin.proposal_revise"),
        schema: {
          description:
            "A new draft version with the same content and signers; sending it supersedes this one.",
          params: ProposalParams,
          response: {
            201: StaffProposal,
            409: errorAnswer("A draft, a signed document, or already revised."),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await proposals.revise(callerOf(request), request.params.id)),
    );

    for (const [path, which] of [
      ["pdf", "pdf"],
      ["signed-pdf", "signed_pdf"],
    ] as const) {
      app.get(
        `/api/v1/admin/proposals/:id/${path}`,
        {
          config: manage("admin.proposal_download"),
          schema: { params: ProposalParams, response: pdfResponses },
        },
        async (request, reply) =>
          sendPdf(request, reply, await proposals.staffDocument(callerOf(request), request.params.id, which)),
      );
    }
  };
