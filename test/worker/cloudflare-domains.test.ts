import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CloudflareApiError, cloudflareClient } from "../../src/hosting/domains/cloudflare";
import { cloudflareProvider } from "../../src/hosting/domains/provider";
import worker from "../../src/worker";
import { signUp } from "./helpers";
import { BASE, fakeCloudflare } from "./fake-cloudflare";

/**
 * The Cloudflare custom hostnames client and provider, against a local fake of the API whose
 * state each test drives: create → pending without records → records appear → active; timed
 * out; deleted on Cloudflare; 429 with Retry-After; duplicates.
 */

let tokens = 0;
function setup(options: { method?: "http" | "txt"; maxWaitMs?: number } = {}) {
  const token = `cf-token-${Date.now()}-${tokens++}`;
  const fake = fakeCloudflare({ zoneId: "zone123", token });
  const waits: number[] = [];
  let clock = 1_000_000;
  const client = cloudflareClient({
    apiToken: token,
    zoneId: "zone123",
    fetch: fake.fetch as typeof fetch,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    maxWaitMs: options.maxWaitMs,
  });
  const provider = cloudflareProvider(client, { target: "domains.kiln.example", method: options.method ?? "http" });
  const tick = (ms: number) => (clock += ms);
  return { fake, client, provider, waits, tick };
}

const row = (
  hostname: string,
  state: { provider_id: string | null; status: any; ssl_status: any; records: any[]; errors: string[] },
) => ({
  hostname,
  project_id: "p",
  provider: "cloudflare" as const,
  created_at: "",
  updated_at: "",
  activated_at: null,
  ...state,
});

describe("the Cloudflare custom hostnames provider", () => {
  it("creates a pending hostname with DV over HTTP, shows the certificate records after the first read, and goes active when Cloudflare says so", async () => {
    const { fake, provider, tick } = setup();
    const created = await provider.attach("shop.example.org");
    expect(fake.calls[0]).toMatchObject({
      method: "POST",
      path: "/client/v4/zones/zone123/custom_hostnames",
      body: { hostname: "shop.example.org", ssl: { method: "http", type: "dv" } },
    });
    expect(created).toMatchObject({
      provider_id: fake.get("shop.example.org")!.id,
      status: "pending",
      ssl_status: "pending",
      errors: [],
    });
    // No certificate records yet: only where to point the name, and the ownership check.
    expect(created.records).toEqual([
      { type: "CNAME", name: "shop.example.org", value: "domains.kiln.example", purpose: "routing" },
      {
        type: "TXT",
        name: "_cf-custom-hostname.shop.example.org",
        value: fake.get("shop.example.org")!.ownership_verification.value,
        purpose: "ownership",
      },
    ]);

    tick(1000);
    const first = await provider.refresh(row("shop.example.org", created));
    expect(first.status).toBe("pending");
    expect(fake.get("shop.example.org")!.ssl.status).toBe("pending_validation");
    // HTTP validation needs no DNS record beyond the CNAME: Cloudflare answers the challenge itself.
    expect(first.records.map((r) => r.purpose)).toEqual(["routing", "ownership"]);

    fake.activate("shop.example.org");
    tick(1000);
    const active = await provider.refresh(row("shop.example.org", first));
    expect(active).toMatchObject({ status: "active", ssl_status: "active", errors: [] });
    expect(active.records).toEqual([
      { type: "CNAME", name: "shop.example.org", value: "domains.kiln.example", purpose: "routing" },
    ]);
  });

  it("with TXT validation, lists the _acme-challenge record once Cloudflare publishes it", async () => {
    const { fake, provider, tick } = setup({ method: "txt" });
    const created = await provider.attach("txt.example.org");
    expect(fake.calls[0]!.body.ssl).toEqual({ method: "txt", type: "dv", settings: { min_tls_version: "1.2" } });
    expect(created.records.some((r) => r.purpose === "certificate")).toBe(false);
    tick(1000);
    const refreshed = await provider.refresh(row("txt.example.org", created));
    expect(refreshed.records).toContainEqual({
      type: "TXT",
      name: "_acme-challenge.txt.example.org",
      value: expect.stringMatching(/^acme-/),
      purpose: "certificate",
    });
  });

  it("reports a timed-out validation as failed, with Cloudflare's reasons in words", async () => {
    const { fake, provider, tick } = setup();
    const created = await provider.attach("late.example.org");
    fake.timeOut("late.example.org");
    tick(1000);
    const failed = await provider.refresh(row("late.example.org", created));
    expect([failed.status, failed.ssl_status]).toEqual(["failed", "failed"]);
    expect(failed.errors[0]).toMatch(/could not be issued in time \(validation timed out\)/);
    expect(failed.errors).toContain("Hostname check: custom hostname does not CNAME to this zone.");
    expect(failed.errors).toContain(
      "Certificate check: caa_error: the CAA records of the domain do not allow the certificate authority",
    );
  });

  it("reports a hostname deleted on Cloudflare, and treats removing a missing one as done", async () => {
    const { fake, provider, tick } = setup();
    const created = await provider.attach("gone.example.org");
    fake.deleteOnCloudflare("gone.example.org");
    tick(1000);
    const gone = await provider.refresh(row("gone.example.org", created));
    expect(gone.status).toBe("failed");
    expect(gone.errors).toEqual([
      "gone.example.org is no longer on Cloudflare (it was deleted there). Remove it here and add it again.",
    ]);
    tick(1000);
    await expect(provider.detach(row("gone.example.org", created))).resolves.toBeUndefined();
    expect(fake.calls.at(-1)).toMatchObject({ method: "DELETE" });
  });

  it("deletes the custom hostname on Cloudflare when the domain is removed", async () => {
    const { fake, provider, tick } = setup();
    const created = await provider.attach("bye.example.org");
    tick(1000);
    await provider.detach(row("bye.example.org", created));
    expect(fake.get("bye.example.org")).toBeUndefined();
  });

  it("adopts a hostname already on the zone (a duplicate) instead of failing", async () => {
    const { fake, provider } = setup();
    const existing = fake.preexisting("twice.example.org");
    const adopted = await provider.attach("twice.example.org");
    expect(adopted.provider_id).toBe(existing.id);
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /client/v4/zones/zone123/custom_hostnames",
      "GET /client/v4/zones/zone123/custom_hostnames?hostname=twice.example.org",
    ]);
  });

  it("waits as long as Retry-After asks on 429, and retries 5xx", async () => {
    const { fake, provider, waits, tick } = setup();
    fake.force(429, 2, "3");
    const created = await provider.attach("busy.example.org");
    expect(created.status).toBe("pending");
    expect(waits).toEqual([3000, 3000]);
    expect(fake.calls.filter((c) => c.method === "POST")).toHaveLength(3);

    tick(1000);
    fake.force(503, 1);
    waits.length = 0;
    expect((await provider.refresh(row("busy.example.org", created))).status).toBe("pending");
    expect(waits).toEqual([1000]);
  });

  it("gives up when Retry-After is longer than it may wait, and says when to come back (503 to the API's caller)", async () => {
    const { fake, client, provider } = setup({ maxWaitMs: 10_000 });
    fake.force(429, 1, "120");
    const err = await client.create("slow.example.org", "http").catch((e) => e);
    expect(err).toBeInstanceOf(CloudflareApiError);
    expect([err.status, err.retryAfter]).toEqual([429, 120]);
    fake.force(429, 1, "90");
    const refused = await provider.attach("slow.example.org").catch((e) => e);
    expect([refused.status, refused.code, refused.details]).toEqual([503, "provider_busy", { retryAfter: 90 }]);
    expect(refused.message).toMatch(/try again in 90 seconds/);
  });

  it("spaces its calls to stay under the global API rate limit", async () => {
    const { client, waits } = setup();
    await client.find("a.example.org");
    await client.find("b.example.org");
    await client.find("c.example.org");
    expect(waits).toEqual([250, 250]);
  });

  it("turns Cloudflare's refusals into errors that say what happened", async () => {
    const { provider } = setup();
    const bad = await provider.attach("").catch((e) => e);
    expect([bad.status, bad.code]).toEqual([400, "hostname_refused"]);
    expect(bad.message).toMatch(/Invalid custom hostname/);
    const wrongToken = cloudflareProvider(
      cloudflareClient({
        apiToken: "wrong",
        zoneId: "zone123",
        fetch: fakeCloudflare({ zoneId: "zone123", token: "right" }).fetch as typeof fetch,
        sleep: async () => {},
      }),
      { target: "t", method: "http" },
    );
    const denied = await wrongToken.attach("x.example.org").catch((e) => e);
    expect([denied.status, denied.code]).toEqual([502, "provider_failed"]);
    expect(denied.message).toMatch(/Authentication error/);
  });
});

describe("the domains API on Cloudflare", () => {
  afterEach(() => vi.restoreAllMocks());

  it("attaches as a pending custom hostname, refreshes on GET until active (then routes), and deletes it on Cloudflare with the domain", async () => {
    const token = `api-token-${Date.now()}`;
    const fake = fakeCloudflare({ zoneId: "saas-zone", token });
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
      new Request(input as RequestInfo, init).url.startsWith(BASE)
        ? fake.fetch(input as RequestInfo, init)
        : realFetch(input as RequestInfo, init),
    );
    const settings = {
      CLOUDFLARE_API_TOKEN: token,
      CUSTOM_DOMAINS_ZONE_ID: "saas-zone",
      CUSTOM_DOMAINS_TARGET: "domains.kiln.example",
      PLATFORM_HOSTS: "kiln.example.com",
      APPS_DOMAIN: "apps.example.com",
    };
    const { token: session } = await signUp();
    const ask = async (method: string, path: string, body?: unknown) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`https://kiln.example.com${path}`, {
          method,
          headers: { authorization: `Bearer ${session}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }) as any,
        { ...env, ...settings } as any,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: text.startsWith("{") ? JSON.parse(text) : null };
    };
    const project = (await ask("POST", "/api/projects", { name: "On Cloudflare" })).json.project;
    const hostname = `shop-${Date.now()}.example.org`;
    const added = await ask("POST", `/api/projects/${project.id}/domains`, { hostname });
    expect(added.status).toBe(201);
    expect(added.json.domain).toMatchObject({
      hostname,
      status: "pending",
      ssl: { status: "pending" },
      provider: "cloudflare",
    });
    expect(added.json.domain.records[0]).toEqual({
      type: "CNAME",
      name: hostname,
      value: "domains.kiln.example",
      purpose: "routing",
    });
    // Pending: not routed yet (the production host map has no entry), so the host is unknown.
    expect(await env.KV.get(`host:${hostname}`)).toBeNull();
    expect((await ask("GET", `/api/projects/${project.id}`)).json.project.productionUrl).toBe(
      `https://${project.slug}.apps.example.com/`,
    );

    fake.activate(hostname);
    const refreshed = await ask("GET", `/api/projects/${project.id}/domains/${hostname}`);
    expect(refreshed.json.domain).toMatchObject({ status: "active", ssl: { status: "active" } });
    expect(await env.KV.get(`host:${hostname}`)).toBe(project.id);
    expect((await ask("GET", `/api/projects/${project.id}`)).json.project.productionUrl).toBe(`https://${hostname}/`);

    expect((await ask("DELETE", `/api/projects/${project.id}/domains/${hostname}`)).status).toBe(204);
    expect(fake.get(hostname)).toBeUndefined();
    expect(await env.KV.get(`host:${hostname}`)).toBeNull();

    // A validation that times out shows as failed, with the reasons in words, and stops nothing else.
    const late = `late-${Date.now()}.example.org`;
    await ask("POST", `/api/projects/${project.id}/domains`, { hostname: late });
    const withRecords = await ask("GET", `/api/projects/${project.id}/domains/${late}`);
    expect(withRecords.json.domain.records.map((r: any) => r.purpose)).toEqual(["routing", "ownership"]);
    fake.timeOut(late);
    const failed = (await ask("GET", `/api/projects/${project.id}/domains/${late}`)).json.domain;
    expect([failed.status, failed.ssl.status]).toEqual(["failed", "failed"]);
    expect(failed.errors.join(" ")).toMatch(
      /could not be issued in time .*Hostname check: custom hostname does not CNAME to this zone/,
    );
    expect(await env.KV.get(`host:${late}`)).toBeNull();
    expect((await ask("DELETE", `/api/projects/${project.id}/domains/${late}`)).status).toBe(204);

    // Rate-limited for longer than Kiln waits: 503 with Retry-After, and nothing stored.
    fake.force(429, 1, "600");
    const busy = await ask("POST", `/api/projects/${project.id}/domains`, { hostname });
    expect([busy.status, busy.json.error.code, busy.headers.get("retry-after")]).toEqual([503, "provider_busy", "600"]);
    expect((await ask("GET", `/api/projects/${project.id}/domains`)).json.domains).toEqual([]);
  });
});
