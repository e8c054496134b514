import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import { createIdentityProvider, type IdpAccount } from "../../server/auth/dev-idp/provider";
import {
  DEV_IDP_INTERACTION_PATH,
  DEV_IDP_PATH,
  registerDevIdp,
} from "../../server/modules/dev-idp/dev-idp.routes";
import { findFreePort } from "./process";

export interface ExternalIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A separate OpenID provider on 127.0.0.1 (a real oidc-provider, like the embedded one) whose directory the test
 * chooses: accounts without roles, from foreign directories, with staff roles from a customer directory, etc.
 * The portal is pointed at it with SSO_PROVIDER=oidc, exactly as at a customer's real identity provider.
 */
export async function startExternalIdp(options: {
  accounts: IdpAccount[];
  redirectUri: string;
}): Promise<ExternalIdp> {
  const port = await findFreePort();
  const issuer = `http://127.0.0.1:${port}${DEV_IDP_PATH}`;
  const clientId = "portcullis-test-client";
  const clientSecret = "external-idp-client-secret-for-tests-only";
  const provider = await createIdentityProvider({
    issuer,
    clientId,
    clientSecret,
    redirectUri: options.redirectUri,
    accounts: options.accounts,
    interactionPath: DEV_IDP_INTERACTION_PATH,
  });
  const app: FastifyInstance = Fastify();
  await app.register(formbody);
  await registerDevIdp(app, { provider, accounts: options.accounts });
  await app.listen({ port, host: "127.0.0.1" });
  return { issuer, clientId, clientSecret, close: () => app.close() };
}
