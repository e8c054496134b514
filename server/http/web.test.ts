import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InitialData } from "../../contracts/auth";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { BrowserClient, type ClientResponse, signInAs } from "../../test/helpers/http-client";
import { withScope } from "../db/scope";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
});

afterAll(async () => {
  await t?.close();
});

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

const NOTICES = {
  signedOut: "You signed out.",
  expired: "Your session expired. Sign in again to continue.",
  ended: "Your session was ended. Sign in again to continue.",
};

/** A page request as a browser navigating sends it. */
function openPage(client: BrowserClient, pagePath: string): Promise<ClientResponse> {
  return client.request(pagePath, {
    headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
  });
}

function isSignInPage(response: ClientResponse): boolean {
  return response.text.includes("<h1") && response.text.includes("Customer Report Portal");
}

/** The text of the sign-in page's notice line, or null when it has none. */
function noticeOf(response: ClientResponse): string | null {
  const match = /<p\s+role="status"[^>]*>\s*([^<]*?)\s*<\/p>/.exec(response.text);
  return match ? match[1]! : null;
}

/** The app page's initial data block, parsed; null when the page has none. */
function initialDataOf(response: ClientResponse): InitialData | null {
  const match = /<script type="application\/json" id="initial-data">([^<]*)<\/script>/.exec(response.text);
  return match ? (JSON.parse(match[1]!) as InitialData) : null;
}

function loginHrefOf(response: ClientResponse): string | undefined {
  return /<a\s+href="(\/auth\/login\?[^"]*)"/.exec(response.text)?.[1];
}

/** The Set-Cookie line for `name` on this response, if any. */
function setCookie(response: ClientResponse, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

/** GET with the request target exactly as given (no URL parsing), over a real socket. */
function rawGet(target: string, headers: Record<string, string>): Promise<ClientResponse> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const request = http.get({ hostname, port, path: target, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const item of [value ?? []].flat()) responseHeaders.append(name, item);
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: responseHeaders,
          url: `${t.url}${target}`,
          text,
          json: <T>() => JSON.parse(text) as T,
        });
      });
    });
    request.on("error", reject);
  });
}

async function signedIn(subject = "demo-northwind-viewer"): Promise<BrowserClient> {
  const client = new BrowserClient(t.url);
  await signInAs(client, subject);
  expect((await client.request("/api/v1/me")).status).toBe(200);
  return client;
}

async function sessionIdOf(client: BrowserClient): Promise<string> {
  const token = await client.cookie("portcullis_session");
  if (!token) throw new Error("no session cookie");
  return String(decodeJwt(token).sid);
}

describe("page requests", () => {
  it("answers a page request without a session with the script-free sign-in page", async () => {
    const response = await openPage(new BrowserClient(t.url), "/customer-portal");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(isSignInPage(response)).toBe(true);
    expect(response.text).toContain('<html lang="en">');
    expect(response.text).toMatch(/<meta\s+name="description"\s+content="[^"]+"/);
    expect(response.text).toContain("<title>Sign in · Portcullis</title>");
    expect(response.text).toMatch(/<link rel="stylesheet" crossorigin href="\/assets\/sign-in-[^"]+\.css">/);
    expect(response.text).not.toContain("<script");
    expect(response.text).not.toContain('id="root"');
    expect(response.text).not.toContain("{{");
    expect(response.text).toContain("Sign in with Azure Government");
    expect(response.text).toContain('href="/verify"');
    expect(noticeOf(response)).toBeNull();
  });

  it("answers a page request with a valid session with the single-page app, its user inside, never stored", async () => {
    const client = await signedIn();
    const me = await client.request("/api/v1/me");
    expect(me.status).toBe(200);
    for (const pagePath of ["/customer-portal", "/customer-portal/reports/123", "/console/audit?x=1"]) {
      const response = await openPage(client, pagePath);
      expect(response.status, pagePath).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.text).toContain('<div id="root">');
      expect(response.text).toMatch(/<script type="module" crossorigin src="\/assets\/app-[^"]+\.js">/);
      expect(isSignInPage(response)).toBe(false);
      expect(initialDataOf(response)).toEqual({ me: JSON.parse(me.text) });
    }
  });

  it("writes the user into the page so that no name can end the data block or add markup", async () => {
    const tenant = await t.build.tenant();
    const name = `</script><script>alert(1)</script><!-- <\u2028 & "quoted" '`;
    const user = await t.build.user(tenant, "customer_viewer", { name });
    const client = await t.build.signedIn(user, t.url);
    const response = await openPage(client, "/customer-portal");
    expect(response.status).toBe(200);
    const template = fs.readFileSync(path.join(t.config.webDistDir, "index.html"), "utf8");
    // Exactly one more element than the built page: the data block, and nothing the name smuggled in.
    const count = (html: string, token: string) => html.split(token).length - 1;
    expect(count(response.text, "</script>")).toBe(count(template, "</script>") + 1);
    expect(count(response.text, "<script")).toBe(count(template, "<script") + 1);
    expect(response.text).not.toContain("<!--  <");
    expect(initialDataOf(response)?.me.user.name).toBe(name);
  });

  it("serves /verify to everyone as the single-page app, with no user inside", async () => {
    const response = await openPage(new BrowserClient(t.url), "/verify");
    expect(response.status).toBe(200);
    expect(response.text).toContain('<div id="root">');
    expect(initialDataOf(response)).toBeNull();
    // With a session too: /verify is the same static page for everyone.
    expect(initialDataOf(await openPage(await signedIn(), "/verify"))).toBeNull();
  });

  it("treats a forged session cookie as no session, without a notice", async () => {
    const client = new BrowserClient(t.url);
    await client.jar.setCookie("portcullis_session=not-a-token", t.url);
    const response = await openPage(client, "/customer-portal");
    expect(isSignInPage(response)).toBe(true);
    expect(noticeOf(response)).toBeNull();
    expect(setCookie(response, "portcullis_session")).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(setCookie(response, "portcullis_notice")).toBeUndefined();
  });

  it("answers JSON 404s under the server's own paths, even to a browser", async () => {
    for (const pagePath of ["/assets/missing.js", "/auth/nope", "/api/v1/nope"]) {
      const response = await openPage(new BrowserClient(t.url), pagePath);
      expect(response.status, pagePath).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
    }
  });
});

describe("sign-in notices", () => {
  it("says 'You signed out' after sign-out, once", async () => {
    const client = await signedIn();
    const logout = await client.request("/auth/logout", { method: "POST", headers: { accept: "text/html" } });
    expect(logout.status).toBe(303);
    expect(setCookie(logout, "portcullis_notice")).toBe(
      "portcullis_notice=signed_out; Max-Age=300; Path=/; HttpOnly; SameSite=Lax",
    );

    // The browser follows the redirect home, and home is the portal.
    const { response, visited } = await client.follow(logout.headers.get("location")!);
    expect(visited.map((url) => new URL(url).pathname)).toEqual(["/", "/customer-portal"]);
    expect(isSignInPage(response)).toBe(true);
    expect(noticeOf(response)).toBe(NOTICES.signedOut);
    expect(setCookie(response, "portcullis_notice")).toMatch(/^portcullis_notice=; Max-Age=0; Path=\//);
    expect(await client.cookie("portcullis_notice")).toBeUndefined();

    const again = await openPage(client, "/customer-portal");
    expect(isSignInPage(again)).toBe(true);
    expect(noticeOf(again)).toBeNull();
  });

  it("says the session expired when it went idle, on the page request itself", async () => {
    const client = await signedIn();
    const sid = await sessionIdOf(client);
    const idleMinutes = t.config.session.idleMinutes;
    await system((trx) =>
      trx
        .updateTable("sessions")
        .set({ last_seen_at: new Date(Date.now() - (idleMinutes + 1) * 60_000) })
        .where("id", "=", sid)
        .execute(),
    );
    const response = await openPage(client, "/customer-portal/reports");
    expect(isSignInPage(response)).toBe(true);
    expect(noticeOf(response)).toBe(NOTICES.expired);
    expect(loginHrefOf(response)).toBe("/auth/login?returnTo=%2Fcustomer-portal%2Freports");
    // The dead session cookie is cleared, and no notice is left behind for the next page.
    expect(await client.cookie("portcullis_session")).toBeUndefined();
    expect(setCookie(response, "portcullis_notice")).toMatch(/^portcullis_notice=; Max-Age=0/);
  });

  it("says the session expired when an API call found it past its lifetime, on the next page", async () => {
    const client = await signedIn();
    const sid = await sessionIdOf(client);
    await system((trx) =>
      trx
        .updateTable("sessions")
        .set({ expires_at: new Date(Date.now() - 60_000) })
        .where("id", "=", sid)
        .execute(),
    );
    // What the app does mid-use: an API call answers 401, then the page is loaded again.
    const api = await client.request("/api/v1/reports/dashboard", {
      headers: { accept: "application/json" },
    });
    expect(api.status).toBe(401);
    expect(setCookie(api, "portcullis_notice")).toMatch(/^portcullis_notice=expired; Max-Age=300;/);
    expect(await client.cookie("portcullis_session")).toBeUndefined();

    const response = await openPage(client, "/customer-portal");
    expect(noticeOf(response)).toBe(NOTICES.expired);
    expect(await client.cookie("portcullis_notice")).toBeUndefined();
  });

  it("says the session was ended after 'sign out everywhere' in another browser", async () => {
    const laptop = await signedIn("demo-northwind-approver");
    const phone = await signedIn("demo-northwind-approver");
    const logout = await phone.request("/auth/logout", { form: { scope: "everywhere" } });
    expect(logout.status).toBe(303);

    const response = await openPage(laptop, "/customer-portal");
    expect(isSignInPage(response)).toBe(true);
    expect(noticeOf(response)).toBe(NOTICES.ended);
    const own = await openPage(phone, "/customer-portal");
    expect(noticeOf(own)).toBe(NOTICES.signedOut);
  });

  it("says the session was ended when the user was disabled", async () => {
    const client = await signedIn("demo-contoso-viewer");
    const sid = await sessionIdOf(client);
    const { user_id } = await system((trx) =>
      trx.selectFrom("sessions").select("user_id").where("id", "=", sid).executeTakeFirstOrThrow(),
    );
    await system((trx) =>
      trx.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", user_id!).execute(),
    );
    try {
      const response = await openPage(client, "/customer-portal");
      expect(noticeOf(response)).toBe(NOTICES.ended);
    } finally {
      await system((trx) =>
        trx.updateTable("users").set({ disabled_at: null }).where("id", "=", user_id!).execute(),
      );
    }
  });

  it("ignores a notice cookie it did not write", async () => {
    const client = new BrowserClient(t.url);
    await client.jar.setCookie("portcullis_notice=hacked", t.url);
    const response = await openPage(client, "/customer-portal");
    expect(response.status).toBe(200);
    expect(isSignInPage(response)).toBe(true);
    expect(noticeOf(response)).toBeNull();
  });
});

describe("the sign-in link", () => {
  const hrefFor = async (pagePath: string) => loginHrefOf(await openPage(new BrowserClient(t.url), pagePath));

  it("returns to the page asked for, query included", async () => {
    expect(await hrefFor("/customer-portal/reports?type=executive_summary&page=2")).toBe(
      `/auth/login?returnTo=${encodeURIComponent("/customer-portal/reports?type=executive_summary&page=2")}`,
    );
    expect(await hrefFor("/customer-portal/compliance")).toBe(
      "/auth/login?returnTo=%2Fcustomer-portal%2Fcompliance",
    );
  });

  it("refuses a path a browser could read as another origin, and escapes what it writes", async () => {
    for (const foreign of [
      "//evil.example/x",
      "/\\evil.example/x",
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
    ]) {
      // Sent byte for byte: a URL parser would turn these into another host before they left.
      const response = await rawGet(foreign, { accept: "text/html" });
      expect(response.status, foreign).toBe(200);
      expect(loginHrefOf(response), foreign).toBe("/auth/login?returnTo=%2Fcustomer-portal");
    }
    // encodeURIComponent leaves ' alone: the attribute must still be closed by nothing but its own quote.
    expect(await hrefFor("/customer-portal/it's")).toBe("/auth/login?returnTo=%2Fcustomer-portal%2Fit&#39;s");
  });

  it("starts a sign-in that lands on that page", async () => {
    const href = await hrefFor("/customer-portal/compliance?framework=nist");
    const client = new BrowserClient(t.url);
    const { response } = await signInAs(
      client,
      "demo-northwind-viewer",
      new URLSearchParams(href!.split("?")[1]).get("returnTo")!,
    );
    expect(new URL(response.url).pathname + new URL(response.url).search).toBe(
      "/customer-portal/compliance?framework=nist",
    );
    expect(response.text).toContain('<div id="root">');
  });
});

describe("home", () => {
  it("answers a page to curl (*/* or no Accept) and the JSON 404 to a client asking for JSON", async () => {
    for (const headers of [{ accept: "*/*" }, {}]) {
      const page = await t.app.inject({ method: "GET", url: `${t.url}/customer-portal`, headers });
      expect(page.statusCode, JSON.stringify(headers)).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
    }
    const json = await t.app.inject({
      method: "GET",
      url: `${t.url}/customer-portal`,
      headers: { accept: "application/json" },
    });
    expect(json.statusCode).toBe(404);
    expect(json.json()).toMatchObject({ error: "not_found" });
  });

  it("redirects / to the portal whatever the client accepts", async () => {
    for (const accept of ["*/*", "application/json", "text/html"]) {
      const response = await t.app.inject({ method: "GET", url: `${t.url}/`, headers: { accept } });
      expect(response.statusCode, accept).toBe(302);
      expect(response.headers.location).toBe("/customer-portal");
    }
    const bare = await t.app.inject({ method: "GET", url: `${t.url}/` });
    expect(bare.statusCode).toBe(302);
  });
});

describe("host name", () => {
  const port = () => new URL(t.url).port;

  it("sends a page request under another host name to PUBLIC_URL, path and query kept", async () => {
    expect(t.url).toBe(`http://127.0.0.1:${port()}`);
    const host = `localhost:${port()}`;
    for (const [url, location] of [
      ["/customer-portal/reports?q=a%20b", `${t.url}/customer-portal/reports?q=a%20b`],
      ["/auth/login?returnTo=%2Fcustomer-portal", `${t.url}/auth/login?returnTo=%2Fcustomer-portal`],
      ["/assets/app.js", `${t.url}/assets/app.js`],
    ] as const) {
      for (const method of ["GET", "HEAD"] as const) {
        const response = await t.app.inject({ method, url, headers: { host, accept: "text/html" } });
        expect(response.statusCode, `${method} ${url}`).toBe(302);
        expect(response.headers.location).toBe(location);
      }
    }
    // A path that looks like another origin stays a path on PUBLIC_URL.
    const sneaky = await rawGet("//evil.example/x", { host, accept: "text/html" });
    expect(sneaky.status).toBe(302);
    expect(sneaky.headers.get("location")).toBe(`${t.url}//evil.example/x`);
  });

  it("answers API calls, health checks and non-GET requests under any host name", async () => {
    const host = `localhost:${port()}`;
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { host } });
    expect(me.statusCode).toBe(401);
    const health = await t.app.inject({ method: "GET", url: "/healthz", headers: { host } });
    expect(health.statusCode).toBe(200);
    const verify = await t.app.inject({
      method: "POST",
      url: "/api/v1/verify",
      headers: { host, "content-type": "application/json" },
      payload: { sha256: "0".repeat(64) },
    });
    expect(verify.statusCode).toBe(200);
  });

  it("does not redirect a request under PUBLIC_URL's own host", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/customer-portal",
      headers: { host: `127.0.0.1:${port()}`, accept: "text/html" },
    });
    expect(response.statusCode).toBe(200);
  });

  it("believes X-Forwarded-Host only from a trusted proxy", async () => {
    const proxied = { host: "10.0.0.5:3000", "x-forwarded-host": `127.0.0.1:${port()}`, accept: "text/html" };
    const untrusted = await t.app.inject({ method: "GET", url: "/customer-portal", headers: proxied });
    expect(untrusted.statusCode).toBe(302);
    expect(untrusted.headers.location).toBe(`${t.url}/customer-portal`);

    const behindProxy = await createTestApp({ TRUST_PROXY: "true", PUBLIC_URL: t.url });
    try {
      const trusted = await behindProxy.app.inject({
        method: "GET",
        url: "/customer-portal",
        headers: proxied,
      });
      expect(trusted.statusCode).toBe(200);
      expect(trusted.body).toContain("Customer Report Portal");
    } finally {
      await behindProxy.close();
    }
  });
});

describe("built assets", () => {
  /** The app's script and stylesheet, as index.html names them. */
  function appAssets(): string[] {
    const html = fs.readFileSync(path.join(t.config.webDistDir, "index.html"), "utf8");
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
      (match) => match[1]!,
    );
    expect(assets.length).toBeGreaterThanOrEqual(2);
    return assets;
  }

  it("serves them with long caching", async () => {
    for (const asset of appAssets()) {
      const response = await t.app.inject({ method: "GET", url: `${t.url}${asset}` });
      expect(response.statusCode, asset).toBe(200);
      expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    }
  });

  it("sends the precompressed copy to a client that accepts it, the same bytes once decompressed", async () => {
    const decoders = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync };
    const extensions = { br: ".br", gzip: ".gz" };
    let compressed = 0;
    for (const asset of appAssets()) {
      const file = path.join(t.config.webDistDir, asset);
      const plain = fs.readFileSync(file);
      for (const [encoding, decode] of Object.entries(decoders)) {
        const response = await t.app.inject({
          method: "GET",
          url: `${t.url}${asset}`,
          headers: { "accept-encoding": encoding },
        });
        expect(response.statusCode, `${asset} ${encoding}`).toBe(200);
        // The build leaves out a variant that would not be smaller (a chunk of a few bytes): sent plain.
        if (!fs.existsSync(`${file}${extensions[encoding as keyof typeof extensions]}`)) {
          expect(plain.length, `${asset} has no ${encoding} variant`).toBeLessThan(100);
          expect(response.headers["content-encoding"]).toBeUndefined();
          expect(response.rawPayload.equals(plain)).toBe(true);
          continue;
        }
        compressed += 1;
        expect(response.headers["content-encoding"]).toBe(encoding);
        expect(response.headers.vary).toContain("accept-encoding");
        expect(response.headers["content-type"]).toMatch(asset.endsWith(".js") ? /javascript/ : /text\/css/);
        expect(response.rawPayload.length).toBeLessThan(plain.length);
        expect(decode(response.rawPayload).equals(plain)).toBe(true);
      }
      const identity = await t.app.inject({ method: "GET", url: `${t.url}${asset}` });
      expect(identity.headers["content-encoding"]).toBeUndefined();
      expect(identity.rawPayload.equals(plain)).toBe(true);
    }
    // The app's script and style sheet at least, in both encodings.
    expect(compressed).toBeGreaterThanOrEqual(4);
  });

  it("sends the sign-in page compressed to a client that accepts it", async () => {
    const plain = await t.app.inject({
      method: "GET",
      url: `${t.url}/customer-portal`,
      headers: { accept: "text/html" },
    });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toContain("accept-encoding");
    expect(plain.body).toContain("Customer Report Portal");
    const decoders = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync };
    for (const [acceptEncoding, encoding] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
    ] as const) {
      const response = await t.app.inject({
        method: "GET",
        url: `${t.url}/customer-portal`,
        headers: { accept: "text/html", "accept-encoding": acceptEncoding },
      });
      expect(response.headers["content-encoding"], acceptEncoding).toBe(encoding);
      expect(response.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(decoders[encoding](response.rawPayload).toString("utf8")).toBe(plain.body);
    }
    const refused = await t.app.inject({
      method: "GET",
      url: `${t.url}/customer-portal`,
      headers: { accept: "text/html", "accept-encoding": "identity" },
    });
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  it("sends the app's index.html compressed too, and never serves the pages or the copies as files", async () => {
    const client = await signedIn();
    const page = await client.request("/customer-portal", {
      headers: { accept: "text/html", "accept-encoding": "br" },
    });
    expect(page.headers.get("content-encoding")).toBe("br");
    expect(page.text).toContain('<div id="root">');

    const [asset] = appAssets();
    for (const file of ["/index.html", "/sign-in.html", `${asset}.br`, `${asset}.gz`]) {
      const response = await t.app.inject({
        method: "GET",
        url: `${t.url}${file}`,
        headers: { accept: "application/json" },
      });
      expect(response.statusCode, file).toBe(404);
    }
    // Asked for as a page, a template's name is just a page without a session: never the template itself.
    const template = await t.app.inject({
      method: "GET",
      url: `${t.url}/sign-in.html`,
      headers: { accept: "*/*" },
    });
    expect(template.body).not.toContain("{{");
  });
});
