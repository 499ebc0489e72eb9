/**
 * `npm run smoke:cloudflare` without an account: its walk through Kiln's API runs against a real
 * local Kiln, and its Cloudflare side (resources, DNS, certificate, clean-up) against the local
 * stand-in of the REST API. Only `wrangler deploy` itself is replaced: by what it leaves on an
 * account (the Worker, its route and custom domain), with the local Kiln answering for the Worker.
 */
import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smokeCloudflare } from "../../cli/cloudflare-smoke.mjs";
import { walkKiln, WALK_PROMPT } from "../../cli/kiln-walk.mjs";
import { startKiln, type RunningKiln } from "../e2e/kiln-server";
import { resolveLocalhostSubdomains } from "../e2e/localhost-dns";
import { BASE, fakeCloudflareApi } from "./fake-cloudflare-api";

const root = new URL("../..", import.meta.url).pathname;
const accountId = "9a7806061c88ada191ed06f989cc3dac";
const token = "c21va2UtdG9rZW4tZm9yLXRoZS1mYWtlLWFwaQ";
const env = {
  CLOUDFLARE_API_TOKEN: token,
  CLOUDFLARE_ACCOUNT_ID: accountId,
  SMOKE_APPS_DOMAIN: "example-apps.com",
  SMOKE_BUILDER_HOST: "kiln-smoke.example.com",
};

// Each block has a Kiln of its own: in one local Kiln, a second generation can fail its SQL check
// with "Network connection lost." (seen after a walk, a GET /api/health, and a walk), a local
// hosting issue that is not what these tests are about.
let kiln: RunningKiln;
function withKiln() {
  beforeAll(async () => {
    resolveLocalhostSubdomains();
    kiln = await startKiln();
  }, 120_000);
  afterAll(async () => {
    await kiln?.stop();
  });
}

function account() {
  const api = fakeCloudflareApi({ accountId, token });
  api.addZone("example.com");
  api.addZone("example-apps.com");
  return api;
}

describe("the walk through Kiln's API", () => {
  withKiln();
  it("signs up, generates an app offline, publishes it, fetches it on its own host and deletes it", async () => {
    const steps: string[] = [];
    const walked = await walkKiln({
      baseUrl: kiln.url,
      step: async (name, run) => {
        steps.push(name);
        return run();
      },
    });
    expect(steps).toEqual([
      "sign up",
      "choose the offline generator",
      "create a project",
      "generate an app through the chat",
      "publish it",
      `fetch it at ${walked.productionUrl}`,
      "delete the project",
    ]);
    expect(walked.productionUrl).toMatch(new RegExp(`^http://[a-z0-9-]+\\.localhost:${kiln.port}/$`));
    expect(walked.appStatus).toBe(200);
    expect(walked.appBytes).toBeGreaterThan(100);
    expect(WALK_PROMPT).toBe("A todo list with due dates");
  }, 180_000);
});

describe("npm run smoke:cloudflare", () => {
  withKiln();
  it("creates its own resources, deploys, walks, and deletes everything it created, printing each step's time", async () => {
    const api = account();
    const lines: string[] = [];
    const result = await smokeCloudflare({
      root,
      env,
      log: (l) => lines.push(l),
      cloudflareApi: { fetch: api.fetch, baseURL: BASE },
      name: "kiln-smoke-0123abcd",
      deployWorker: async ({ configPath, workerName, settings }) => {
        // The config wrangler would deploy: the smoke run's own names and ids, no one else's.
        const config = JSON.parse(readFileSync(configPath, "utf8"));
        expect(config.env.production).toMatchObject({
          name: "kiln-smoke-0123abcd",
          d1_databases: [{ binding: "DB", database_name: "kiln-smoke-0123abcd", database_id: api.d1[0]!.uuid }],
          kv_namespaces: [{ binding: "KV", id: api.kv[0]!.id }],
          r2_buckets: [{ binding: "CODE", bucket_name: "kiln-smoke-0123abcd" }],
        });
        api.deployWorker(workerName, settings);
        return { url: kiln.url };
      },
    });
    const out = lines.join("\n");
    expect(result.steps.map((s) => s.name)).toEqual([
      "create the D1 database kiln-smoke-0123abcd",
      "create the KV namespace kiln-smoke-0123abcd",
      "create the R2 bucket kiln-smoke-0123abcd",
      "DNS record and certificate",
      "deploy the Worker kiln-smoke-0123abcd",
      `wait for ${kiln.url}/api/health`,
      "sign up",
      "choose the offline generator",
      "create a project",
      "generate an app through the chat",
      "publish it",
      `fetch it at ${result.walked!.productionUrl}`,
      "delete the project",
      "delete the custom domains of kiln-smoke-0123abcd",
      "delete the routes of kiln-smoke-0123abcd in example-apps.com",
      "delete the Worker kiln-smoke-0123abcd",
      "delete the D1 database kiln-smoke-0123abcd",
      "delete the KV namespace kiln-smoke-0123abcd",
      "delete the R2 bucket kiln-smoke-0123abcd",
      "delete the DNS record *.example-apps.com",
    ]);
    expect(result.steps.every((s) => s.ok && s.ms >= 0)).toBe(true);
    expect(out).toContain("  created  DNS record AAAA *.example-apps.com → 100:: (proxied) in zone example-apps.com");
    expect(out).toMatch(/✓ generate an app through the chat \(\d+\.\d s\)/);
    expect(out).toContain("smoke run kiln-smoke-0123abcd: 20 of 20 steps passed");
    expect(out).toContain("nothing of kiln-smoke-0123abcd is left on the account");
    // Nothing is left on the account, and the temporary config is gone.
    expect([api.d1, api.kv, api.r2, api.records, api.routes, api.domains]).toEqual([[], [], [], [], [], []]);
    expect(api.scripts.size).toBe(0);
    expect(readdirSync(root).filter((f) => f.startsWith("wrangler.kiln-smoke-"))).toEqual([]);
  }, 240_000);

  it("deletes what it created when a step fails, and names what it could not delete", async () => {
    const api = account();
    // A DNS record of the user's own on the wildcard: reused, so never deleted.
    api.addRecord("example-apps.com", {
      name: "*.example-apps.com",
      type: "CNAME",
      content: "apps.example.net",
      proxied: true,
    });
    const lines: string[] = [];
    const failed = await smokeCloudflare({
      root,
      env,
      log: (l) => lines.push(l),
      cloudflareApi: { fetch: api.fetch, baseURL: BASE },
      name: "kiln-smoke-failing",
      deployWorker: async ({ workerName, settings }) => {
        // The upload went through and the app's code reached R2, then the deploy broke.
        api.deployWorker(workerName, settings);
        api.putObjects(workerName, 3);
        throw new Error("wrangler deploy failed (exit 1): something went wrong");
      },
    }).catch((err: Error & { steps: { name: string; ok: boolean }[]; leftovers: string[] }) => err);
    expect(failed).toBeInstanceOf(Error);
    const err = failed as Error & { steps: { name: string; ok: boolean }[]; leftovers: string[] };
    expect(err.message).toBe(
      "smoke run kiln-smoke-failing failed: wrangler deploy failed (exit 1): something went wrong",
    );
    expect(err.steps.filter((s) => !s.ok).map((s) => s.name)).toEqual([
      "deploy the Worker kiln-smoke-failing",
      "delete the R2 bucket kiln-smoke-failing",
    ]);
    expect(err.leftovers).toEqual([
      expect.stringMatching(
        /^the R2 bucket kiln-smoke-failing: 409 .*not empty.*empty the bucket in the dashboard, R2 → kiln-smoke-failing, then delete it\)$/,
      ),
    ]);
    expect(lines.join("\n")).toContain("left on the account (delete by hand):");
    expect([api.d1, api.kv, api.routes, api.domains]).toEqual([[], [], [], []]);
    expect(api.scripts.size).toBe(0);
    expect(api.records).toHaveLength(1);
    expect(api.r2.map((b) => b.name)).toEqual(["kiln-smoke-failing"]);

    // A setup that stops (no certificate for a domain below the apex) still undoes its DNS record.
    const sub = account();
    const stopped = await smokeCloudflare({
      root,
      env: { ...env, SMOKE_APPS_DOMAIN: "apps.example.com" },
      log: () => {},
      cloudflareApi: { fetch: sub.fetch, baseURL: BASE },
      deployWorker: async () => {
        throw new Error("never reached");
      },
    }).catch((e: Error) => e);
    expect(String(stopped)).toMatch(/failed: no edge certificate covers \*\.apps\.example\.com/);
    expect([sub.d1, sub.kv, sub.r2, sub.records]).toEqual([[], [], [], []]);
    expect(
      sub.calls.filter((c) => c.method === "DELETE").map((c) => c.path.replace(/[0-9a-f-]{32,36}/g, "<id>")),
    ).toEqual([
      "/accounts/<id>/d1/database/<id>",
      "/accounts/<id>/storage/kv/namespaces/<id>",
      expect.stringMatching(/^\/accounts\/<id>\/r2\/buckets\/kiln-smoke-[0-9a-f]{8}$/),
      "/zones/<id>/dns_records/<id>",
    ]);
  }, 120_000);

  it("says what it needs before touching anything", async () => {
    await expect(smokeCloudflare({ root, env: { CLOUDFLARE_API_TOKEN: token } })).rejects.toThrow(
      /^set CLOUDFLARE_ACCOUNT_ID, SMOKE_APPS_DOMAIN, SMOKE_BUILDER_HOST: the smoke run deploys to a real account/,
    );
  });
});
