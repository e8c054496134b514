import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Adapter, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
// oidc-provider's own in-memory storage (LRU-bounded). Not exported by name; imported by its path.
import MemoryAdapter from "oidc-provider/lib/adapters/memory_adapter.js";

/**
 * The development provider lives inside one development process, so its codes and sessions need not survive a
 * restart or be shared between instances: the library's memory adapter is exactly right. It is named explicitly
 * (a subclass) so the library does not warn that a production deployment forgot to configure storage.
 */
class DevelopmentMemoryAdapter extends (MemoryAdapter as new (name: string) => Adapter) {}

/** One account of the development identity provider's directory. */
export interface IdpAccount {
  subject: string;
  email: string;
  name: string;
  /** Directory tenant id, asserted as `tid` as Entra does. */
  tid: string;
  /** App roles, asserted as `roles`. */
  roles: string[];
  /** Whether signing in asserts `amr: ["pwd", "mfa"]`. */
  mfa: boolean;
  title?: string;
}

export interface IdentityProviderOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: readonly IdpAccount[];
  /** Where the provider sends the browser to sign in: `${interactionPath}/${uid}`. */
  interactionPath: string;
}

/**
 * A real OpenID provider (oidc-provider) with a fixed directory of accounts. The portal signs in through it with
 * the same relying-party code it uses for Azure Government; the provider issues ID tokens with `tid`, `roles`,
 * `amr`, `email` and `name` like Entra does.
 */
export async function createIdentityProvider(options: IdentityProviderOptions): Promise<Provider> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    alg: "RS256",
    use: "sig",
    kid: randomBytes(8).toString("hex"),
  };
  const accounts = new Map(options.accounts.map((account) => [account.subject, account]));

  const configuration: Configuration = {
    adapter: DevelopmentMemoryAdapter,
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    pkce: { required: () => true },
    // Entra-style claims in the ID token itself (no userinfo round trip needed).
    // Released with the openid scope (a standalone claim would need an explicit `claims` request).
    claims: {
      openid: ["sub", "oid", "tid", "roles", "acr", "amr", "auth_time"],
      email: ["email"],
      profile: ["name"],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction) => `${options.interactionPath}/${interaction.uid}`,
    },
    async findAccount(_ctx, subject) {
      const account = accounts.get(subject);
      if (!account) return undefined;
      return {
        accountId: subject,
        async claims() {
          return {
            sub: subject,
            oid: subject,
            tid: account.tid,
            roles: account.roles,
            email: account.email,
            name: account.name,
          };
        },
      };
    },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError(ctx, out) {
      ctx.type = "text/plain; charset=utf-8";
      ctx.body = `Sign-in error at the identity provider: ${out.error}${out.error_description ? ` (${out.error_description})` : ""}`;
    },
  };
  return new Provider(options.issuer, configuration);
}
