import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AssetConfigSchema, type VersionArtifact } from "../../src/hosting/artifact";
import { appHost } from "../../src/hosting/current-host";
import { call, signUp } from "./helpers";
import suiteSource from "./d1-conformance/suite.js?raw";

// The suite runs inside a dynamic worker, as app code does: once against Miniflare's real D1
// (the platform's own local D1, passed into the isolate's env), once as a deployed app through
// the app host itself (guest D1 shim over AppDb over a fresh AppDatabase).
const appSource = `
import { runSuite } from "./suite.js";
export default { async fetch(request, env) { return Response.json(await runSuite(env.DB)); } };
`;
const compatibilityDate = "2026-11-01";

type Observation = [string, unknown];

async function observe(name: string, worker: { fetch(request: Request): Promise<Response> }): Promise<Observation[]> {
  const res = await worker.fetch(new Request("http://app/"));
  if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
  return res.json();
}

function realD1() {
  const worker = env.LOADER.get(`d1-conformance:${crypto.randomUUID()}`, () => ({
    compatibilityDate,
    mainModule: "app.js",
    modules: { "app.js": appSource, "suite.js": suiteSource },
    env: { DB: env.DB },
  }));
  return observe("D1", worker.getEntrypoint());
}

async function appBinding() {
  // A real project row: the loader reads the app's secrets for it.
  const { token } = await signUp();
  const projectId = (await call("POST", "/api/projects", { token, body: { name: "Conformance" } })).json.project
    .id as string;
  const artifact: VersionArtifact = {
    projectId,
    versionId: "v1",
    createdAt: new Date().toISOString(),
    assets: {},
    server: {
      entrypoint: "app.js",
      modules: { "app.js": { type: "js", content: appSource }, "suite.js": { type: "js", content: suiteSource } },
      compatibilityDate,
      compatibilityFlags: [],
    },
    config: AssetConfigSchema.parse({}),
    runWorkerFirst: true,
    vars: {},
    migrations: [],
  };
  return observe("app binding", appHost(env, exports as Cloudflare.Exports).versionWorker(artifact, "production", 0));
}

describe("D1 conformance: the app binding behaves as Miniflare's D1", () => {
  it("gives the same results, meta and errors for every case", async () => {
    const d1 = await realD1();
    const shim = await appBinding();
    expect(shim.map(([name]) => name)).toEqual(d1.map(([name]) => name));
    // Soft, so one run lists every case that differs.
    for (let i = 0; i < d1.length; i++) expect.soft(shim[i], d1[i]![0]).toEqual(d1[i]);
  });
});
