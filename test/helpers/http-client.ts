import { CookieJar } from "tough-cookie";

export interface ClientResponse {
  status: number;
  headers: Headers;
  url: string;
  text: string;
  json<T = unknown>(): T;
}

/** A browser-like HTTP client: a real cookie jar, manual redirects, and the Origin a browser would send. */
export class BrowserClient {
  readonly jar = new CookieJar();

  constructor(readonly baseUrl: string) {}

  async request(
    path: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ClientResponse> {
    const url = new URL(path, this.baseUrl).href;
    const method = init.method ?? (init.form || init.json !== undefined ? "POST" : "GET");
    const headers: Record<string, string> = { accept: "text/html,application/json", ...init.headers };
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    if (method !== "GET" && method !== "HEAD" && !("origin" in headers))
      headers.origin = new URL(this.baseUrl).origin;
    const response = await fetch(url, { method, headers, body, redirect: "manual" });
    for (const setCookie of response.headers.getSetCookie()) await this.jar.setCookie(setCookie, url);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      url,
      text,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  /** Follows redirects (as GET) from `path`, returning the last response and every URL visited. */
  async follow(path: string, init: Parameters<BrowserClient["request"]>[1] = {}, maxHops = 15) {
    const visited: string[] = [];
    let response = await this.request(path, init);
    visited.push(response.url);
    for (let hop = 0; hop < maxHops && response.status >= 300 && response.status < 400; hop++) {
      const location = response.headers.get("location");
      if (!location) break;
      response = await this.request(new URL(location, response.url).href);
      visited.push(response.url);
    }
    return { response, visited };
  }

  /** The cookie the browser would send to `path` (the sign-in state cookie lives under /auth). */
  async cookie(name: string, path = "/"): Promise<string | undefined> {
    const cookies = await this.jar.getCookies(new URL(path, this.baseUrl).href);
    return cookies.find((cookie) => cookie.key === name)?.value;
  }
}

/**
 * Signs in through the portal's real OIDC flow: /auth/login → the identity provider's page → pick `subject` →
 * /auth/callback → the landing page. Returns the final response (the landing page) and the URLs visited.
 */
export async function signInAs(client: BrowserClient, subject: string, returnTo?: string) {
  const start = returnTo ? `/auth/login?returnTo=${encodeURIComponent(returnTo)}` : "/auth/login";
  const { response: page } = await client.follow(start);
  if (page.status !== 200)
    throw new Error(`identity provider page: ${page.status} ${page.text.slice(0, 300)}`);
  const form = new RegExp(
    `<form method="post" action="([^"]+)">\\s*<input type="hidden" name="account" value="${subject}">`,
  ).exec(page.text);
  if (!form) throw new Error(`no sign-in form for ${subject} on ${page.url}`);
  return client.follow(new URL(form[1]!.replace(/&#38;/g, "&"), page.url).href, {
    form: { account: subject },
  });
}
