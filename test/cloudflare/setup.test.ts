/**
 * The setup step of `npm run deploy` (cli/cloudflare-setup.mjs), run for real through the official
 * `cloudflare` SDK against a local stand-in of Cloudflare's REST API (./fake-cloudflare-api.ts):
 * the wildcard DNS record of APPS_DOMAIN, the certificate that must cover it, the builder host's
 * custom domain, and what the setup says when the account or the token is not ready.
 */
import { describe, expect, it } from "vitest";
import { deploySettings } from "../../cli/cloudflare-config.mjs";
import { cloudflareSetupOnly } from "../../cli/cloudflare-deploy.mjs";
import { certificateCovers, cloudflareClient, cloudflareSetup, setupPlan } from "../../cli/cloudflare-setup.mjs";
import { BASE, fakeCloudflareApi, type Permission } from "./fake-cloudflare-api";

const accountId = "9a7806061c88ada191ed06f989cc3dac";
const token = "Ym9ndXMtdG9rZW4tZm9yLXRoZS1mYWtlLWFwaQ";
const root = new URL("../..", import.meta.url).pathname;

function account(
  zones: { name: string; acm?: boolean; universalSsl?: boolean; account?: string; status?: "active" | "pending" }[],
) {
  const api = fakeCloudflareApi({ accountId, token });
  for (const { name, ...opts } of zones) api.addZone(name, opts);
  return api;
}

function setup(
  api: ReturnType<typeof fakeCloudflareApi>,
  env: { APPS_DOMAIN: string; PLATFORM_HOSTS: string },
  opts: { orderCertificate?: boolean; token?: string; accountId?: string } = {},
) {
  const lines: string[] = [];
  const run = cloudflareSetup({
    client: cloudflareClient({ token: opts.token ?? token, fetch: api.fetch, baseURL: BASE }),
    accountId: opts.accountId ?? accountId,
    settings: deploySettings(env),
    workerName: "kiln-production",
    orderCertificate: opts.orderCertificate,
    log: (l) => lines.push(l),
  });
  return { run, lines };
}

describe("certificate names", () => {
  it("cover one level below a wildcard and no deeper", () => {
    expect(certificateCovers("*.example.com", "kiln.example.com")).toBe(true);
    expect(certificateCovers("*.example.com", "*.apps.example.com")).toBe(false);
    expect(certificateCovers("*.example.com", "a.apps.example.com")).toBe(false);
    expect(certificateCovers("*.apps.example.com", "*.apps.example.com")).toBe(true);
    expect(certificateCovers("*.example-apps.com", "*.example-apps.com")).toBe(true);
    expect(certificateCovers("example.com", "kiln.example.com")).toBe(false);
  });
});

describe("the setup step", () => {
  const env = { APPS_DOMAIN: "example-apps.com", PLATFORM_HOSTS: "kiln.example.com" };

  it("creates the wildcard record on the first run and reuses everything on the second, changing nothing", async () => {
    const api = account([{ name: "example.com" }, { name: "example-apps.com" }]);
    // More zones than one page of the zones list holds: the setup must read every page.
    for (let i = 0; i < 45; i++) api.addZone(`filler-${i}.example`);

    const first = setup(api, env);
    const r1 = await first.run;
    expect(r1.created).toEqual(["DNS record AAAA *.example-apps.com → 100:: (proxied) in zone example-apps.com"]);
    expect(r1.reused).toEqual([
      "certificate universal for example-apps.com, *.example-apps.com (active) covers *.example-apps.com",
    ]);
    expect(r1.zones).toMatchObject({ apps: { name: "example-apps.com" }, builder: { name: "example.com" } });
    expect(api.records).toMatchObject([{ name: "*.example-apps.com", type: "AAAA", content: "100::", proxied: true }]);
    expect(first.lines.join("\n")).toContain(
      "to do     custom domain kiln.example.com: the deploy attaches it; Cloudflare creates its DNS record and serves it with the certificate for example.com, *.example.com",
    );
    expect(api.calls.filter((c) => c.path.startsWith("/zones?")).map((c) => c.path)).toEqual([
      `/zones?account.id=${accountId}&per_page=50`,
      `/zones?account.id=${accountId}&per_page=50&page=2`,
    ]);

    const writesBefore = api.writes().length;
    const r2 = await setup(api, env).run;
    expect(r2.created).toEqual([]);
    expect(r2.reused).toEqual([
      "DNS record AAAA *.example-apps.com → 100:: (proxied) in zone example-apps.com",
      "certificate universal for example-apps.com, *.example-apps.com (active) covers *.example-apps.com",
    ]);
    expect(r2.dnsRecordId).toBe(r1.dnsRecordId);
    expect(api.writes().length).toBe(writesBefore);
    expect(api.records).toHaveLength(1);

    // Once deployed, the builder's custom domain is the Worker's own: reused, not in the way.
    api.deployWorker("kiln-production", { builderHost: "kiln.example.com", appsDomain: "example-apps.com" });
    const r3 = await setup(api, env).run;
    expect(r3.reused).toContain(
      "custom domain kiln.example.com of the Worker kiln-production (its DNS record and certificate are Cloudflare's)",
    );
  });

  it("says what to do when no certificate covers an APPS_DOMAIN below the zone apex, and orders one only when asked", async () => {
    const api = account([{ name: "example.com", acm: false }]);
    const sub = { APPS_DOMAIN: "apps.example.com", PLATFORM_HOSTS: "kiln.example.com" };
    await expect(setup(api, sub).run).rejects.toThrow(
      "no edge certificate covers *.apps.example.com: Universal SSL covers example.com and *.example.com only (one level), and apps.example.com is below the zone's apex. Either run again with --order-certificate",
    );
    expect(api.writes().map((c) => c.path)).toEqual([`/zones/${api.records[0]!.zone_id}/dns_records`]);

    // Without Advanced Certificate Manager, the order fails with the reason and the way out.
    await expect(setup(api, sub, { orderCertificate: true }).run).rejects.toThrow(
      /Cloudflare refused to order an advanced certificate in example\.com \(400, 1450: Advanced Certificate Manager is required.*\): ordering an advanced certificate needs Advanced Certificate Manager on the zone example\.com/,
    );

    const acm = account([{ name: "example.com", acm: true }]);
    const ordered = await setup(acm, sub, { orderCertificate: true }).run;
    expect(ordered.created).toEqual([
      "DNS record AAAA *.apps.example.com → 100:: (proxied) in zone example.com",
      "advanced certificate for example.com, *.apps.example.com (initializing: Cloudflare validates and deploys it, usually within minutes)",
    ]);
    expect(acm.calls.find((c) => c.path.endsWith("/ssl/certificate_packs/order"))!.body).toEqual({
      type: "advanced",
      hosts: ["example.com", "*.apps.example.com"],
      validation_method: "txt",
      validity_days: 90,
      certificate_authority: "google",
    });
    // A pending order is found again: no second order, with or without the flag.
    const again = await setup(acm, sub, { orderCertificate: true }).run;
    expect(again.created).toEqual([]);
    expect(again.reused[1]).toMatch(
      /^certificate advanced for example\.com, \*\.apps\.example\.com \(initializing: Cloudflare is still/,
    );
    acm.activatePacks();
    expect((await setup(acm, sub).run).reused[1]).toBe(
      "certificate advanced for example.com, *.apps.example.com (active) covers *.apps.example.com",
    );
    expect(acm.packs.filter((p) => p.type === "advanced")).toHaveLength(1);
  });

  it("names Universal SSL when it is off on the apps zone", async () => {
    const api = account([{ name: "example.com" }, { name: "example-apps.com", universalSsl: false }]);
    await expect(setup(api, env).run).rejects.toThrow(
      "no edge certificate covers *.example-apps.com: Universal SSL, which would, is off on the zone example-apps.com",
    );
  });

  it("turns a 403 into the permission the token lacks, and a bad token into what to do", async () => {
    const api = account([{ name: "example.com" }, { name: "example-apps.com" }]);
    const cases: [Permission[], RegExp][] = [
      [[], /may not list the zones of account 9a78.*403, 10000: Authentication error.*"Zone · Zone · Read"/],
      [["zone:read"], /may not read the DNS records of example-apps\.com.*"Zone · DNS · Edit"/],
      [
        ["zone:read", "dns:edit"],
        /may not read the edge certificates of example-apps\.com.*"Zone · SSL and Certificates · Read/,
      ],
      [
        ["zone:read", "dns:edit", "ssl:read"],
        /may not read the Worker custom domains.*"Account · Workers Scripts · Read"/,
      ],
    ];
    for (const [i, [permissions, says]] of cases.entries()) {
      api.addToken(`limited-token-${i}`, permissions);
      await expect(setup(api, env, { token: `limited-token-${i}` }).run).rejects.toThrow(says);
    }
    await expect(setup(api, env, { token: "not-a-token-anyone-issued" }).run).rejects.toThrow(
      /CLOUDFLARE_API_TOKEN is not a valid API token \(Cloudflare answered 401, 1000: Invalid API Token\)/,
    );
    expect(() => cloudflareClient({ token: "" })).toThrow(/CLOUDFLARE_API_TOKEN is not set: create a token at/);
    await expect(setup(api, env, { accountId: "" }).run).rejects.toThrow(/CLOUDFLARE_ACCOUNT_ID is not set/);
  });

  it("refuses a zone that is not on the account, a pending zone, and records in the way", async () => {
    const elsewhere = account([{ name: "example.com" }, { name: "example-apps.com", account: "another-account" }]);
    await expect(setup(elsewhere, env).run).rejects.toThrow(
      `no zone of account ${accountId} holds example-apps.com (APPS_DOMAIN); the token sees example.com: add the domain to this account`,
    );
    const pending = account([{ name: "example.com" }, { name: "example-apps.com", status: "pending" }]);
    await expect(setup(pending, env).run).rejects.toThrow(
      "the zone example-apps.com (APPS_DOMAIN) is pending, not active: point the domain's nameservers at ada.ns.cloudflare.com and bob.ns.cloudflare.com",
    );

    const api = account([{ name: "example.com" }, { name: "example-apps.com" }]);
    api.addRecord("example-apps.com", { name: "*.example-apps.com", type: "A", content: "192.0.2.7", proxied: false });
    await expect(setup(api, env).run).rejects.toThrow(
      "the DNS record A *.example-apps.com → 192.0.2.7 is not proxied, so app hosts would bypass the Worker",
    );
    api.records[0]!.proxied = true;
    api.addRecord("example.com", {
      name: "kiln.example.com",
      type: "CNAME",
      content: "old.example.net",
      proxied: true,
    });
    await expect(setup(api, env).run).rejects.toThrow(
      "kiln.example.com already has the DNS record CNAME → old.example.net, which keeps wrangler from making it the Worker's custom domain",
    );
    // A proxied record of the user's own on the wildcard is used as it is.
    api.records.splice(1, 1);
    expect((await setup(api, env).run).reused[0]).toBe(
      "DNS record A *.example-apps.com → 192.0.2.7 (proxied) in zone example-apps.com",
    );
    api.deployWorker("someone-else", { builderHost: "kiln.example.com", appsDomain: "example-apps.com" });
    await expect(setup(api, env).run).rejects.toThrow(
      "kiln.example.com is already the custom domain of the Worker someone-else",
    );
  });
});

describe("npm run deploy and the setup", () => {
  it("--setup-only runs the setup alone; the dry run only says what it would do", async () => {
    const api = account([{ name: "example.com" }]);
    const lines: string[] = [];
    const result = await cloudflareSetupOnly(root, ["--setup-only"], {
      env: {
        APPS_DOMAIN: "apps.example.com",
        PLATFORM_HOSTS: "kiln.example.com",
        CLOUDFLARE_API_TOKEN: token,
        CLOUDFLARE_ACCOUNT_ID: accountId,
      },
      log: (l) => lines.push(l),
      cloudflareApi: { fetch: api.fetch, baseURL: BASE },
    }).catch((err: Error) => err);
    expect(String(result)).toMatch(/no edge certificate covers \*\.apps\.example\.com/);
    expect(lines.join("\n")).toContain(
      "created  DNS record AAAA *.apps.example.com → 100:: (proxied) in zone example.com",
    );

    expect(setupPlan({ appsDomain: "apps.example.com", builderHost: "kiln.example.com" }).join("\n")).toContain(
      "if the zone is example.com, Universal SSL does not: an advanced certificate is needed, ordered with --order-certificate",
    );
    await expect(
      cloudflareSetupOnly(root, ["--setup-only"], {
        env: { APPS_DOMAIN: "apps.example.com", PLATFORM_HOSTS: "kiln.example.com" },
        log: () => {},
      }),
    ).rejects.toThrow(/CLOUDFLARE_API_TOKEN is not set/);
  });
});
