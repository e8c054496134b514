import * as client from "openid-client";

export interface RelyingPartySettings {
  /** Allowed issuers; the first is used unless the login names another (multi-tenant Entra). */
  issuers: string[];
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Extra authorization parameters, e.g. `prompt=login` so the demo provider always offers its user list. */
  authorizationParams?: Record<string, string>;
}

export interface LoginChecks {
  issuer: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The OpenID Connect client (openid-client): authorization code flow with PKCE, state and nonce. */
export interface RelyingParty {
  /** The authorization URL to send the browser to, and the checks to keep for the callback. */
  startLogin(issuer: string): Promise<{ url: URL; checks: LoginChecks }>;
  /** Exchanges the code and validates the ID token (signature, iss, aud, nonce, expiry); returns its claims. */
  finishLogin(callbackUrl: URL, checks: LoginChecks): Promise<Record<string, unknown>>;
}

export function createRelyingParty(settings: RelyingPartySettings): RelyingParty {
  // Discovery is lazy and cached: an identity provider that is down at boot does not stop the portal.
  const configurations = new Map<string, Promise<client.Configuration>>();

  function configurationFor(issuer: string): Promise<client.Configuration> {
    if (!settings.issuers.includes(issuer)) return Promise.reject(new Error("issuer not allowed"));
    let configuration = configurations.get(issuer);
    if (!configuration) {
      const url = new URL(issuer);
      configuration = client.discovery(
        url,
        settings.clientId,
        settings.clientSecret,
        undefined,
        // Plain http only for a local issuer (the embedded development provider, or one on loopback).
        url.protocol === "http:" ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      configuration.catch(() => configurations.delete(issuer));
      configurations.set(issuer, configuration);
    }
    return configuration;
  }

  return {
    async startLogin(issuer) {
      const configuration = await configurationFor(issuer);
      const checks: LoginChecks = {
        issuer,
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: settings.redirectUri,
        scope: "openid profile email",
        response_type: "code",
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: "S256",
        state: checks.state,
        nonce: checks.nonce,
        ...settings.authorizationParams,
      });
      return { url, checks };
    },

    async finishLogin(callbackUrl, checks) {
      const configuration = await configurationFor(checks.issuer);
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error("no ID token");
      return { ...claims };
    },
  };
}
