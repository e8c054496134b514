/**
 * Live engagements behind a load balancer: two server instances on one PostgreSQL. A client streaming from B sees,
 * in order and within a second, what staff save through A; a reconnect to A with Last-Event-ID gets what it
 * missed; revoking the session on A ends the stream on B; nobody else can open the stream or the view. PostgreSQL
 * only: the embedded PGlite engine serves a single process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltWorkspace, Factories } from "../../../test/factories";
import { unknownId } from "../../../test/factories";
import { isPostgresRun } from "../../../test/helpers/database";
import { FLEET_URL, type Fleet, startFleet } from "../../../test/helpers/fleet";
import type { BrowserClient } from "../../../test/helpers/http-client";
import type { ServerProcess } from "../../../test/helpers/process";
import { openEventStream } from "../../../test/helpers/sse";

const PUBLIC_URL = FLEET_URL;

describe.skipIf(!isPostgresRun)("live engagements across two instances", () => {
  let build: Factories;
  let workspace: BuiltWorkspace;
  let engagement: Awaited<ReturnType<Factories["engagement"]>>;
  let customer: BrowserClient;
  let staff: BrowserClient;
  let fleet: Fleet;
  const instances: ServerProcess[] = [];
  const [a, b] = [() => instances[0]!, () => instances[1]!];

  beforeAll(async () => {
    fleet = await startFleet();
    ({ build } = fleet);
    instances.push(...fleet.instances);
    const tenant = await build.tenant();
    workspace = await build.workspace(tenant, { kind: "advisory" });
    engagement = await build.engagement(workspace);
    customer = await build.signedIn(await build.user(tenant, "customer_viewer"), PUBLIC_URL);
    staff = await build.signedIn(await build.user(null, "analyst"), PUBLIC_URL);
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  async function call(
    client: BrowserClient,
    instance: ServerProcess,
    path: string,
    init: { method?: string; json?: unknown } = {},
  ) {
    const response = await fetch(`${instance.url}${path}`, {
      method: init.method ?? (init.json ? "POST" : "GET"),
      headers: {
        cookie: await client.jar.getCookieString(PUBLIC_URL),
        accept: "application/json",
        origin: PUBLIC_URL,
        ...(init.json ? { "content-type": "application/json" } : {}),
      },
      ...(init.json ? { body: JSON.stringify(init.json) } : {}),
    });
    return { status: response.status, text: await response.text() };
  }

  const stream = async (client: BrowserClient, instance: ServerProcess, lastEventId?: string) =>
    openEventStream(`${instance.url}/api/engagements/${engagement.id}/events`, {
      cookie: await client.jar.getCookieString(PUBLIC_URL),
      ...(lastEventId ? { "last-event-id": lastEventId } : {}),
    });

  it("delivers what is saved on A to a stream on B, in order, within a second; a reconnect resumes", async () => {
    const onB = await stream(customer, b());
    expect(onB.status).toBe(200);
    const saved = Date.now();
    const milestone = await call(
      staff,
      a(),
      `/api/v1/admin/engagements/${engagement.id}/milestones/${engagement.milestoneIds[1]}`,
      {
        method: "PATCH",
        json: { status: "blocked" },
      },
    );
    expect(milestone.status).toBe(200);
    expect(
      (
        await call(staff, a(), `/api/v1/admin/engagements/${engagement.id}/updates`, {
          json: { body: "Waiting for VPN access." },
        })
      ).status,
    ).toBe(201);
    const events = await onB.until((all) => all.some((event) => event.event === "update"), 3_000);
    expect(Date.now() - saved).toBeLessThan(1_000);
    expect(events.map((event) => event.event)).toEqual(["milestone", "progress", "update"]);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ status: "blocked" });
    await onB.close();

    // Missed while disconnected, replayed by the other instance.
    expect(
      (
        await call(staff, a(), `/api/v1/admin/engagements/${engagement.id}/updates`, {
          json: { body: "Access granted." },
        })
      ).status,
    ).toBe(201);
    const resumed = await stream(customer, a(), events[2]!.id);
    const replayed = await resumed.until((all) => all.length >= 1, 3_000);
    expect(replayed.map((event) => [event.event, JSON.parse(event.data).body])).toEqual([
      ["update", "Access granted."],
    ]);
    await resumed.close();
  });

  it("ends the stream on B when the session is ended on A", async () => {
    const viewer = await build.signedIn(
      await build.user({ id: workspace.tenantId, slug: "", name: "" }, "customer_viewer"),
      PUBLIC_URL,
    );
    const onB = await stream(viewer, b());
    expect(onB.status).toBe(200);
    expect((await call(viewer, a(), "/auth/logout", { method: "POST" })).status).toBeLessThan(400);
    expect(await onB.waitForEnd(3_000)).toBe(true);
  });

  it("answers another tenant and another workspace's link session with a random id's 404", async () => {
    const outsider = await build.signedIn(
      await build.user(await build.tenant(), "customer_viewer"),
      PUBLIC_URL,
    );
    const other = await build.workspace({ id: workspace.tenantId, slug: "", name: "" });
    const link = await build.accessLink(other);
    const redeem = await fetch(`${a().url}/auth/client-token/redeem`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: PUBLIC_URL },
      body: JSON.stringify({ token: link.secret }),
    });
    expect(redeem.status).toBe(200);
    const guestCookie = redeem.headers.getSetCookie()[0]!.split(";")[0]!;
    const strip = (text: string) => text.replace(/"requestId":"[^"]+"/, "");
    for (const suffix of ["client-view", "events"]) {
      const random = await call(outsider, b(), `/api/engagements/${unknownId()}/${suffix}`);
      const asOutsider = await call(outsider, b(), `/api/engagements/${engagement.id}/${suffix}`);
      const asGuest = await fetch(`${b().url}/api/engagements/${engagement.id}/${suffix}`, {
        headers: { cookie: guestCookie, accept: "application/json" },
      });
      expect(asOutsider.status).toBe(404);
      expect(asGuest.status).toBe(404);
      expect(strip(asOutsider.text)).toBe(strip(random.text));
      expect(strip(await asGuest.text())).toBe(strip(random.text));
    }
  });
});
