import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript shared with the CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { getFromApp, requestApp, startKiln, type RunningKiln } from "./kiln-server";

/**
 * Apps written to attack the platform, deployed through the public deploy API of a real Kiln
 * (`kiln serve`: apps in sandbox processes). Each attack must end with the app's own request
 * stopped, while the platform and a second app keep answering quickly.
 */

const CPU_ATTACKS: Record<string, string> = {
  loop: "for (;;) {}",
  "Array.from": "const a = Array.from({ length: 6e7 }, (_, i) => i * 2); return new Response(String(a.length));",
  forEach:
    "let n = 0; const row = new Array(1e6).fill(1); Array.from({ length: 1e4 }).forEach(() => row.forEach((x) => { n += Math.sqrt(x + n); })); return new Response(String(n));",
  "regex backtracking": 'return new Response(String(/^(a+)+$/.test("a".repeat(60) + "b")));',
  recursion: "const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)); return new Response(String(fib(60)));",
  "promise chain": "const step = (n) => Promise.resolve(n).then((m) => step(m + 1)); return step(0);",
  "recursive SQL":
    'return Response.json(await env.DB.prepare("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c").first());',
};

const hostileWorker = `
let hits = 0;
const attacks = {
${Object.entries(CPU_ATTACKS)
  .map(([name, body]) => `  ${JSON.stringify(name)}: async (env) => { ${body} },`)
  .join("\n")}
};
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const q = (k) => url.searchParams.get(k);
    switch (url.pathname) {
      case "/api/cpu": return attacks[q("attack")](env);
      case "/api/hits": return new Response(String(++hits));
      case "/api/work": {
        // An honest but busy request: q("n") steps of arithmetic, then an answer.
        const n = Number(q("n")); let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i) % 7;
        return new Response(String(x > 0));
      }
      case "/api/later": {
        // Answers at once and burns CPU after the response.
        ctx.waitUntil((async () => { await new Promise((r) => setTimeout(r, 50)); for (;;) {} })());
        return new Response("answered");
      }
      case "/api/heap": { const a = []; for (let i = 0; i < 80; i++) a.push(new Array(1e6).fill(i)); return new Response("kept " + a.length); }
      case "/api/bytes": { const b = new Uint8Array(600 * 1024 * 1024); b.fill(1); return new Response("kept " + b.length); }
      case "/api/fetch": {
        try {
          const res = await fetch(q("to"));
          return Response.json({ status: res.status, egress: res.headers.get("x-kiln-egress"), body: (await res.text()).slice(0, 200) });
        } catch (err) {
          return Response.json({ threw: String(err.message) });
        }
      }
      case "/api/subrequests": {
        let sent = 0;
        try {
          for (let i = 0; i < 60; i++) { await fetch("http://nowhere.localhost/"); sent++; }
          return Response.json({ sent });
        } catch (err) {
          return Response.json({ sent, error: String(err.message) });
        }
      }
      case "/api/notes": {
        await env.DB.exec("CREATE TABLE IF NOT EXISTS notes (body TEXT)");
        if (request.method === "POST") await env.DB.prepare("INSERT INTO notes VALUES (?)").bind(await request.text()).run();
        return Response.json((await env.DB.prepare("SELECT body FROM notes").all()).results);
      }
      default: return new Response("ok");
    }
  },
};`;

const neighbourWorker = `export default { async fetch() { return Response.json({ neighbour: true }); } };`;

let kiln: RunningKiln;
let apiToken: string;
let sessionToken: string;
let hostile: { id: string; host: string };
let neighbour: { id: string; host: string };
const enc = (s: string) => new TextEncoder().encode(s);

async function post(path: string, body: unknown, authorization?: string) {
  const res = await fetch(`${kiln.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return res.json();
}

async function deploy(name: string, modules: Record<string, string>, extra: Record<string, unknown> = {}) {
  const project = (await post("/__api/projects", { name }, apiToken)).project;
  const result = await deployApp({ baseUrl: kiln.url, token: apiToken, fetch }, project.id, {
    assets: { "/index.html": enc(`<html><body>${name}</body></html>`) },
    serverCode: {
      entrypoint: Object.keys(modules)[0],
      modules: Object.fromEntries(Object.entries(modules).map(([n, s]) => [n, enc(s)])),
    },
    run_worker_first: ["/api/*"],
    ...extra,
  });
  return { id: project.id as string, host: `${project.slug}.localhost:${kiln.port}`, result };
}

async function timed(host: string, path: string) {
  const started = performance.now();
  const res = await getFromApp(kiln.port, host, path);
  return { ...res, ms: performance.now() - started };
}

/** Asks the platform and the neighbour app, one after the other, until `done` settles. */
async function sampleWhile(done: Promise<unknown>) {
  const health: number[] = [];
  const other: number[] = [];
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const h = await timed(`localhost:${kiln.port}`, "/api/health");
    expect(h.status).toBe(200);
    health.push(h.ms);
    const n = await timed(neighbour.host, "/api/x");
    expect(n.body).toContain('"neighbour":true');
    other.push(n.ms);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { health, other };
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.99) - 1)] ?? 0;

beforeAll(async () => {
  kiln = await startKiln();
  const session = await post("/api/auth/register", { email: "attacker@example.com", password: "attacker password" });
  sessionToken = session.token;
  apiToken = (await post("/api/tokens", { name: "attacks" }, `Bearer ${session.token}`)).token;
  hostile = await deploy("Hostile", { "index.js": hostileWorker });
  neighbour = await deploy("Neighbour", { "index.js": neighbourWorker });
  // Both processes warm: the samples measure serving, not start-up.
  expect((await getFromApp(kiln.port, hostile.host, "/api/hits")).status).toBe(200);
  expect((await getFromApp(kiln.port, neighbour.host, "/api/x")).status).toBe(200);
  expect(
    (await requestApp(kiln.port, hostile.host, "/api/notes", { method: "POST", body: "written before the attacks" }))
      .status,
  ).toBe(200);
}, 180_000);
afterAll(() => kiln?.stop());

describe("an app that burns CPU stalls only its own request", () => {
  const figures: Record<string, { attackMs: number; healthP99: number; neighbourP99: number; samples: number }> = {};
  const pooled = { health: [] as number[], other: [] as number[] };

  for (const attack of Object.keys(CPU_ATTACKS)) {
    it(`${attack}: the request ends with the 503 page; the platform and another app keep answering`, async () => {
      const started = performance.now();
      const attackRequest = timed(hostile.host, `/api/cpu?attack=${encodeURIComponent(attack)}`);
      const samples = await sampleWhile(attackRequest);
      const res = await attackRequest;
      // A stop for CPU time, or for memory where the attack allocates as it spins (Array.from).
      expect(res.status).toBe(503);
      expect(res.body).toMatch(/The app took too long|The app ran out of memory/);
      figures[attack] = {
        attackMs: Math.round(performance.now() - started),
        healthP99: Math.round(p99(samples.health)),
        neighbourP99: Math.round(p99(samples.other)),
        samples: samples.health.length,
      };
      pooled.health.push(...samples.health);
      pooled.other.push(...samples.other);
      // The app itself works again on its next request.
      expect((await getFromApp(kiln.port, hostile.host, "/api/hits")).status).toBe(200);
    });
  }

  it("CPU spent after the response (ctx.waitUntil) stops the process too", async () => {
    await getFromApp(kiln.port, hostile.host, "/api/hits");
    const before = Number((await getFromApp(kiln.port, hostile.host, "/api/hits")).body);
    expect(before).toBeGreaterThan(1);
    const answered = await timed(hostile.host, "/api/later");
    expect(answered.body).toBe("answered");
    // Sampled until the supervisor has stopped the process (it logs each stop).
    const stopped = `stopped the process of app ${hostile.id} (cpu)`;
    const stopsBefore = kiln.output().split(stopped).length;
    const started = performance.now();
    const samples = await sampleWhile(
      (async () => {
        while (kiln.output().split(stopped).length === stopsBefore && performance.now() - started < 15_000)
          await new Promise((r) => setTimeout(r, 50));
      })(),
    );
    expect(kiln.output().split(stopped).length).toBe(stopsBefore + 1);
    pooled.health.push(...samples.health);
    pooled.other.push(...samples.other);
    figures["waitUntil"] = {
      attackMs: Math.round(performance.now() - started),
      healthP99: Math.round(p99(samples.health)),
      neighbourP99: Math.round(p99(samples.other)),
      samples: samples.health.length,
    };
    // A fresh process: the module-level counter started again.
    expect((await getFromApp(kiln.port, hostile.host, "/api/hits")).body).toBe("1");
  });

  it("never stops an honest app that is busy: back-to-back requests that add up to far more CPU than one request may use", async () => {
    const stops = () => kiln.output().split(`stopped the process of app ${hostile.id}`).length;
    const stopsBefore = stops();
    const started = performance.now();
    // 2 clients, 20 requests each of 40-60 ms of CPU: seconds of CPU in all, with no quiet moment between them.
    const client = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await getFromApp(kiln.port, hostile.host, "/api/work?n=3e6")).status);
      return statuses;
    };
    const statuses = (await Promise.all([client(), client()])).flat();
    console.log(`busy honest app: 40 requests in ${Math.round(performance.now() - started)} ms`);
    expect(performance.now() - started).toBeGreaterThan(1500);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(stops()).toBe(stopsBefore);
  });

  it("keeps the app's data across the stops, and /api/health p99 and a second app's p99 under 250 ms", async () => {
    expect(JSON.parse((await getFromApp(kiln.port, hostile.host, "/api/notes")).body)).toEqual([
      { body: "written before the attacks" },
    ]);
    console.log("CPU attacks (ms):", JSON.stringify(figures));
    console.log(
      `pooled: /api/health p99 ${Math.round(p99(pooled.health))} ms over ${pooled.health.length} requests; neighbour p99 ${Math.round(p99(pooled.other))} ms`,
    );
    expect(Object.keys(figures)).toHaveLength(Object.keys(CPU_ATTACKS).length + 1);
    expect(p99(pooled.health)).toBeLessThan(250);
    expect(p99(pooled.other)).toBeLessThan(250);
  });
});

describe("an app that grabs memory is stopped", () => {
  for (const [what, path] of [
    ["on the JavaScript heap", "/api/heap"],
    ["in array buffers", "/api/bytes"],
  ] as const) {
    it(`600 MB ${what}: 503, and the platform answers`, async () => {
      const res = await timed(hostile.host, path);
      expect(res.status).toBe(503);
      expect(res.body).toContain("ran out of memory");
      expect((await timed(`localhost:${kiln.port}`, "/api/health")).status).toBe(200);
      expect((await getFromApp(kiln.port, hostile.host, "/api/hits")).status).toBe(200);
    });
  }
});

describe("an app's outbound requests", () => {
  it("are capped at APP_SUBREQUESTS (50) per request", async () => {
    const res = JSON.parse((await getFromApp(kiln.port, hostile.host, "/api/subrequests")).body);
    expect(res.sent).toBe(50);
    expect(res.error).toMatch(/Too many subrequests/);
  });

  it("never reach the platform or loopback, whatever name or spelling of the address", async () => {
    const port = kiln.port;
    const targets = [
      `http://${hostname()}:${port}/api/health`,
      `http://${hostname()}:9229/json`,
      `http://127.1:${port}/api/health`,
      `http://2130706433:${port}/api/health`,
      `http://0x7f000001:${port}/api/health`,
      `http://0.0.0.0:${port}/api/health`,
      `http://[::ffff:127.0.0.1]:${port}/api/health`,
      `http://localhost.:${port}/api/health`,
      `http://LOCALHOST:${port}/api/health`,
    ];
    for (const to of targets) {
      const answer = JSON.parse(
        (await getFromApp(kiln.port, hostile.host, `/api/fetch?to=${encodeURIComponent(to)}`)).body,
      );
      expect(JSON.stringify(answer), to).not.toContain('"ok":true');
      expect(answer.threw ?? (answer.egress === "blocked" ? "blocked" : null), to).toBeTruthy();
    }
  });
});

describe("start-up code and migrations run under the same limits", () => {
  it("a module that spins at start-up is refused at deploy", async () => {
    const refused = await deploy("Spins at start", {
      "index.js": "for (;;) {}\nexport default { fetch() { return new Response('never'); } };",
    }).catch((e) => e);
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/does not start within the limits|CPU/);
    expect((await timed(`localhost:${kiln.port}`, "/api/health")).status).toBe(200);
  });

  it("a migration that never ends fails the deploy, and nothing changes", async () => {
    const refused = await deploy(
      "Endless migration",
      { "index.js": neighbourWorker },
      {
        migrations: [
          {
            name: "0001_forever.sql",
            sql: "CREATE TABLE t (n INTEGER);\nINSERT INTO t SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c);",
          },
        ],
      },
    ).catch((e) => e);
    expect(refused.status).toBe(400);
    expect(refused.code).toBe("migration_failed");
    expect((await timed(`localhost:${kiln.port}`, "/api/health")).status).toBe(200);
  }, 60_000);
});

describe("deleting a project", () => {
  it("stops its sandbox process and removes its databases", async () => {
    const doomed = await deploy("Doomed", { "index.js": hostileWorker });
    expect((await requestApp(kiln.port, doomed.host, "/api/notes", { method: "POST", body: "gone soon" })).status).toBe(
      200,
    );
    const databases = join(kiln.stateDir, "sandbox", "databases", doomed.id);
    expect(existsSync(databases)).toBe(true);
    const res = await fetch(`${kiln.url}/api/projects/${doomed.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(res.status).toBe(204);
    expect(existsSync(databases)).toBe(false);
    expect((await getFromApp(kiln.port, doomed.host, "/api/notes")).status).toBe(404);
  });
});
