import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appPrefix } from "../../src/hosting/artifact";
import { moduleNameProblem } from "../../src/hosting/loader/module-names";
import { stagedKey } from "../../src/hosting/sandbox/host";
import { storageAreaPrefix } from "../../src/hosting/storage/operations";
import { deploy, deployer, visit } from "./hosting-helpers";

/** What a deploy says when it is refused (the deploy client throws the API's error). */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { status: number; code: string; message: string }) => e,
  );

describe("module names", () => {
  it("accept relative paths of plain segments, and nothing else", () => {
    for (const name of [
      "index.js",
      "lib/db.js",
      "node_modules/@scope/pkg/index.mjs",
      "chunk-3F9A.js",
      "data/words+list.json",
      "$lib/x.js",
    ])
      expect(moduleNameProblem(name), name).toBeNull();
    for (const name of [
      "",
      "../escape.js",
      "/abs.js",
      "a//b.js",
      "./index.js",
      "lib/../../x.js",
      ".hidden.js",
      "a b.js",
      "é.js",
      "x.js\n",
      'x.js";globalThis.pwned=1;"',
      "x.js'",
      "x`${1}`.js",
      "__kiln_main.js",
      "lib/__KILN_guard.js",
      "a\\b.js",
      "x".repeat(300) + ".js",
    ]) {
      expect(moduleNameProblem(name), JSON.stringify(name)).not.toBeNull();
    }
  });

  it("a deploy whose module names could become code is refused with a 400 naming the module, and nothing changes", async () => {
    const d = await deployer("Injection");
    const v1 = await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "v1" },
      worker: { "index.js": "export default { fetch() { return new Response('v1') } }" },
      run_worker_first: true,
    });
    const injected =
      'index.js";\nexport default { fetch() { return new Response(globalThis.pwned) } };\nglobalThis.pwned = "owned";//';
    for (const worker of <Record<string, string>[]>[
      { [injected]: "export default { fetch() { return new Response('x') } }" },
      { "index.js": "export default {}", "../outside.js": "export const x = 1" },
      {
        "index.js": "export default {}",
        "__kiln_main.js": "export default { fetch() { return new Response('mine') } }",
      },
    ]) {
      const entrypoint = Object.keys(worker)[0]!;
      const err = await refusal(deploy(d.apiToken, d.project.id, { assets: {}, worker, entrypoint }));
      expect(err, entrypoint).toMatchObject({ status: 400, code: "invalid_module_name" });
      expect(err!.message).toContain("is not allowed");
    }
    const live = await visit(`http://${d.project.slug}.localhost:8787/`);
    expect(live.text).toBe("v1");
    expect(live.headers.get("x-kiln-version")).toBe(v1.versionId);
  });

  it("CommonJS modules load: a cjs entrypoint that requires another cjs module serves requests", async () => {
    const d = await deployer("CommonJS");
    await deploy(d.apiToken, d.project.id, {
      assets: {},
      entrypoint: "worker.cjs",
      worker: {
        "worker.cjs":
          'const { word } = require("./lib/words.cjs");\nmodule.exports = { async fetch(request, env) { return new Response(`cjs ${word} ${typeof env.DB.prepare}`); } };',
        "lib/words.cjs": 'exports.word = "works";',
      },
      run_worker_first: true,
    });
    const res = await visit(`http://${d.project.slug}.localhost:8787/anything`);
    expect(res.status).toBe(200);
    expect(res.text).toBe("cjs works function");
  });
});

describe("redirects out of an app", () => {
  it("are checked at every hop: a public URL that redirects to the platform is blocked", async () => {
    const d = await deployer("Redirect probe");
    await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: {
        "index.js": `export default { async fetch(request) {
          const to = new URL(request.url).searchParams.get("to");
          const res = await fetch(to);
          return Response.json({ status: res.status, egress: res.headers.get("x-kiln-egress"), body: (await res.text()).slice(0, 100) });
        } };`,
      },
      run_worker_first: true,
    });
    const get = async (to: string) =>
      JSON.parse((await visit(`http://${d.project.slug}.localhost:8787/?to=${encodeURIComponent(to)}`)).text);
    // The test runner's stand-in internet (vitest.config.ts) answers public.example and redirects from redirect.example.
    expect(await get("http://public.example/")).toMatchObject({ status: 200, body: "a public page" });
    expect(await get("http://redirect.example/hop?to=http://public.example/")).toMatchObject({
      status: 200,
      body: "a public page",
    });
    for (const target of [
      "http://127.0.0.1:8787/api/health",
      "http://localhost:8787/api/health",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:8787/",
    ]) {
      const hops = `http://redirect.example/hop?to=${encodeURIComponent(`http://redirect.example/hop?to=${encodeURIComponent(target)}`)}`;
      expect(await get(hops), target).toMatchObject({ status: 403, egress: "blocked" });
    }
  });
});

describe("what an app's Worker is handed", () => {
  it("sees its path as it arrived: escapes are kept, on its own host and under a path prefix", async () => {
    const d = await deployer("Raw path");
    await deploy(d.apiToken, d.project.id, {
      assets: {},
      worker: {
        "index.js": "export default { fetch(request) { return new Response(new URL(request.url).pathname) } };",
      },
      run_worker_first: true,
    });
    for (const path of ["/a%25b", "/x%2Fy", "/%2e%2e%2Fsecret", "/q%3Fnot-a-query"]) {
      expect((await visit(`http://${d.project.slug}.localhost:8787${path}`)).text, path).toBe(path);
    }
  });

  it("gets bindings whose RPC surface is the binding's API and nothing else", async () => {
    const storage = exports.AppStorage({
      props: { projectId: `rpc-${crypto.randomUUID()}`, area: "app" },
    }) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    expect(await storage.head!("nothing")).toBeNull();
    for (const helper of ["key", "meta", "prefix", "fullKey"]) {
      let refused = "";
      try {
        await storage[helper]!("x");
      } catch (err) {
        refused = (err as Error).message;
      }
      expect(refused, helper).toMatch(/does not implement/);
    }
  });
});

describe("what the platform keeps for an app's checks", () => {
  it("lives under the project's own prefix, which deleting the project removes", () => {
    const id = crypto.randomUUID();
    for (const key of [
      storageAreaPrefix(id, "smoke"),
      storageAreaPrefix(id, "app"),
      stagedKey(id, crypto.randomUUID()),
    ])
      expect(key.startsWith(appPrefix(id)), key).toBe(true);
  });
});
