/**
 * Cloudflare stops an invocation past 1,000 subrequests or 1,000 D1 queries; local workerd does
 * not. These tests count every D1, R2 and KV operation (a counting proxy around the real local
 * bindings) and hold the work that scales with data to that budget.
 */
import {
  createExecutionContext,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app";
import { maintenanceRunner, teardownRunner } from "../../src/hosting/maintenance-run";
import { newMaintenanceRun, runMaintenanceBatch } from "../../src/hosting/maintenance";
import { INVOCATION_OPERATION_LIMIT, meteredEnv, newMeter } from "../../src/hosting/operation-meter";
import { storedAssetHashes } from "../../src/hosting/stored-assets";
import { writePointer } from "../../src/hosting/pointer";
import { teardownProject } from "../../src/hosting/delete-project";
import { call, signUp } from "./helpers";
import { deploy, deployer } from "./hosting-helpers";

const hex = (n: number) => n.toString(16).padStart(64, "0");

describe("operation budgets per invocation", () => {
  it("the counting proxy counts what reaches D1, R2 and KV", async () => {
    const meter = newMeter();
    const m = meteredEnv(env, meter);
    await m.DB.prepare("SELECT ?1 AS one").bind(1).first();
    await m.DB.batch([m.DB.prepare("SELECT 1"), m.DB.prepare("SELECT 2")]);
    await m.CODE.head("nothing");
    await m.CODE.list({ prefix: "nothing/" });
    await m.KV.get("nothing");
    expect(meter).toEqual({ total: 5, d1: 2, r2: 2, kv: 1 });
  });

  it("an upload session for 3,000 files checks what is stored in a few operations, not one per file", async () => {
    const d = await deployer("Big manifest");
    // 2,500 files already stored (as earlier deploys would leave them), 500 new.
    for (let i = 0; i < 2500; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => env.CODE.put(`apps/${d.project.id}/assets/${hex(i + j)}`, "x")),
      );
    const manifest = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [`/f${i}.txt`, { hash: hex(i), size: 1 }]),
    );

    const meter = newMeter();
    const ctx = createExecutionContext();
    const res = await createApi().fetch(
      new Request(`http://localhost:8787/__api/projects/${d.project.id}/assets-upload-session`, {
        method: "POST",
        headers: { authorization: d.apiToken, "content-type": "application/json" },
        body: JSON.stringify({ manifest }),
      }),
      meteredEnv(env, meter),
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.result.buckets.flat()).toHaveLength(500);
    expect(body.result.buckets.flat()).toContain(hex(2500));
    expect(body.result.buckets.flat()).not.toContain(hex(0));
    // 3 pages of listing, the token's D1 look-ups and the session in KV.
    expect(meter.r2).toBeLessThanOrEqual(5);
    expect(meter.total).toBeLessThan(30);

    // A bucket upload checks completion the same way: not by re-checking all 500 needed files.
    const bucket = body.result.buckets[0] as string[];
    const upload = newMeter();
    const ctx2 = createExecutionContext();
    const up = await createApi().fetch(
      new Request(`http://localhost:8787/__api/projects/${d.project.id}/assets/upload`, {
        method: "POST",
        headers: { authorization: `Bearer ${body.result.jwt}`, "content-type": "application/json" },
        body: JSON.stringify(Object.fromEntries(bucket.map((h) => [h, "x"]))),
      }),
      meteredEnv(env, upload),
      ctx2,
    );
    await waitOnExecutionContext(ctx2);
    // The bytes do not hash to the manifest's made-up hashes: refused before anything is stored.
    expect(up.status).toBe(400);
    expect(upload.total).toBeLessThan(5);
  });

  it("a full bucket upload costs one write per file plus a listing per 1,000 stored files, not a check per needed file", async () => {
    const d = await deployer("Bucket cost");
    for (let i = 0; i < 3000; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => env.CODE.put(`apps/${d.project.id}/assets/${hex(i + j)}`, "x")),
      );
    const files = await Promise.all(
      Array.from({ length: 600 }, async (_, i) => {
        const bytes = new TextEncoder().encode(`file ${i}`);
        const digest = await crypto.subtle.digest("SHA-256", bytes);
        const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
        return { hash, text: `file ${i}` };
      }),
    );
    const manifest = Object.fromEntries(files.map((f, i) => [`/n${i}.txt`, { hash: f.hash, size: f.text.length }]));
    const session = (
      await call("POST", `/__api/projects/${d.project.id}/assets-upload-session`, {
        headers: { authorization: d.apiToken },
        body: { manifest },
      })
    ).json.result as { jwt: string; buckets: string[][] };
    expect(session.buckets.map((b) => b.length)).toEqual([100, 100, 100, 100, 100, 100]);
    const costs: number[] = [];
    for (const bucket of session.buckets) {
      const meter = newMeter();
      const ctx = createExecutionContext();
      const res = await createApi().fetch(
        new Request(`http://localhost:8787/__api/projects/${d.project.id}/assets/upload`, {
          method: "POST",
          headers: { authorization: `Bearer ${session.jwt}`, "content-type": "application/json" },
          body: JSON.stringify(Object.fromEntries(bucket.map((h) => [h, btoa(files.find((f) => f.hash === h)!.text)]))),
        }),
        meteredEnv(env, meter),
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(res.status).toBeLessThan(300);
      costs.push(meter.total);
      // 100 writes, the session from KV, and 4 pages listing the project's 3,000–3,600 files.
      expect(meter.r2).toBeLessThanOrEqual(100 + 4);
      expect(meter.total).toBeLessThanOrEqual(100 + 4 + 1);
    }
    console.log(`600 files in 6 buckets over 3,000 stored: ${costs.join(", ")} operations per bucket`);
  });

  it("finds stored hashes by listing once there are many (and by head for a few)", async () => {
    const d = await deployer("Stored hashes");
    await Promise.all(Array.from({ length: 60 }, (_, i) => env.CODE.put(`apps/${d.project.id}/assets/${hex(i)}`, "x")));
    const few = newMeter();
    expect(
      [...(await storedAssetHashes(meteredEnv(env, few).CODE, d.project.id, [hex(1), hex(2), hex(99)]))].sort(),
    ).toEqual([hex(1), hex(2)]);
    expect(few.r2).toBe(3);
    const many = newMeter();
    const wanted = Array.from({ length: 2000 }, (_, i) => hex(i));
    expect((await storedAssetHashes(meteredEnv(env, many).CODE, d.project.id, wanted)).size).toBe(60);
    expect(many.r2).toBe(1);
  });

  it("the nightly clean-up of 130 projects runs in batches, none over the budget, and reaches every project", async () => {
    const user = await signUp();
    const stmt = env.DB.prepare("INSERT INTO projects (id, user_id, name, slug) VALUES (?, ?, ?, ?)");
    await env.DB.batch(
      Array.from({ length: 130 }, (_, i) =>
        stmt.bind(
          `p-${String(i).padStart(4, "0")}-${crypto.randomUUID()}`,
          user.user.id,
          `P${i}`,
          `budget-${i}-${Date.now()}`,
        ),
      ),
    );
    const total = (await env.DB.prepare("SELECT COUNT(*) AS n FROM projects").first<number>("n"))!;
    expect(total).toBeGreaterThanOrEqual(130);

    const run = newMaintenanceRun();
    const costs: number[] = [];
    for (let done = false; !done;) {
      const batch = await runMaintenanceBatch(env, run);
      costs.push(batch.meter.total);
      expect(batch.meter.total).toBeLessThanOrEqual(INVOCATION_OPERATION_LIMIT);
      expect(batch.meter.d1).toBeLessThanOrEqual(INVOCATION_OPERATION_LIMIT);
      done = batch.done;
    }
    expect(costs.length).toBeGreaterThan(1);
    expect(run.report.projects).toBe(total);
    // Each project's missing host route was restored: every project was visited.
    expect(run.report.repaired.filter((l) => l.includes("host route")).length).toBeGreaterThanOrEqual(130);
    console.log(`clean-up of ${total} projects: ${costs.length} batches costing ${costs.join(", ")} operations`);
  });

  it("the cron starts the run in a Durable Object whose alarms take one batch each, and the report lands in KV", async () => {
    const user = await signUp();
    const stmt = env.DB.prepare("INSERT INTO projects (id, user_id, name, slug) VALUES (?, ?, ?, ?)");
    await env.DB.batch(
      Array.from({ length: 110 }, (_, i) =>
        stmt.bind(
          `q-${String(i).padStart(4, "0")}-${crypto.randomUUID()}`,
          user.user.id,
          `Q${i}`,
          `alarm-${i}-${Date.now()}`,
        ),
      ),
    );
    const total = (await env.DB.prepare("SELECT COUNT(*) AS n FROM projects").first<number>("n"))!;
    await env.KV.delete("maintenance:last");

    const runner = maintenanceRunner(env);
    expect(await runner.start(Date.now())).toBe(true);
    expect(await runner.start(Date.now())).toBe(false); // one run at a time
    let alarms = 0;
    while (await runDurableObjectAlarm(runner)) alarms++;
    expect(alarms).toBeGreaterThan(1);
    expect(await runner.current()).toBeNull();
    const report = await env.KV.get<{ projects: number; batches: number }>("maintenance:last", "json");
    // The run's first alarm looks for deletions that stopped part-way; each alarm after it is a batch.
    expect(report).toMatchObject({ projects: total, batches: alarms - 1 });
    // And the platform still answers.
    expect((await call("GET", "/api/health")).status).toBe(200);
  });
});

describe("deleting a large project", () => {
  /** A deployed project plus what 150 versions would leave: 3,000 assets, 150 artifacts and their rows. */
  async function largeProject(assets = 3000, versions = 150) {
    const d = await deployer("Large project");
    const res = await deploy(d.apiToken, d.project.id, { assets: { "/index.html": "<h1>big</h1>" } });
    expect(res.success).toBe(true);
    const row = (await env.DB.prepare("SELECT * FROM projects WHERE id = ?").bind(d.project.id).first<any>())!;
    const prefix = `apps/${row.id}/`;
    for (let i = 0; i < assets; i += 100)
      await Promise.all(Array.from({ length: 100 }, (_, j) => env.CODE.put(`${prefix}assets/${hex(i + j)}`, "x")));
    const insert = env.DB.prepare(
      "INSERT INTO project_versions (version_id, user_id, project_id, status, artifact_key) VALUES (?, ?, ?, 'deployed', ?)",
    );
    const ids = Array.from({ length: versions }, (_, i) => `v-${String(i).padStart(4, "0")}-${crypto.randomUUID()}`);
    await env.DB.batch(ids.map((id) => insert.bind(id, row.user_id, row.id, `${prefix}versions/${id}.json`)));
    await Promise.all(ids.map((id) => env.CODE.put(`${prefix}versions/${id}.json`, "{}")));
    await writePointer(env.KV, row.user_id, row.id, { latestVersionId: ids[0]!, previewUrl: null });
    expect(await env.KV.get(`host:${row.slug}`)).toBe(row.id);
    return { d, row, prefix };
  }

  /** Everything the project had in D1, R2 and KV. */
  async function leftOf(row: { id: string; slug: string; user_id: string }) {
    const count = (sql: string) => env.DB.prepare(sql).bind(row.id).first<number>("n");
    return {
      projects: await count("SELECT COUNT(*) AS n FROM projects WHERE id = ?"),
      versions: await count("SELECT COUNT(*) AS n FROM project_versions WHERE project_id = ?"),
      files: await count("SELECT COUNT(*) AS n FROM project_files WHERE project_id = ?"),
      r2: await countObjects(`apps/${row.id}/`),
      host: await env.KV.get(`host:${row.slug}`),
      pointer: await env.KV.get(`latest:${row.user_id}:${row.id}`),
    };
  }
  async function countObjects(prefix: string) {
    let n = 0;
    let cursor: string | undefined;
    do {
      const page = await env.CODE.list({ prefix, cursor });
      n += page.objects.length;
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return n;
  }
  const nothing = { projects: 0, versions: 0, files: 0, r2: 0, host: null, pointer: null };
  const pendingTeardowns = async (projectId: string) =>
    (await env.DB.prepare("SELECT COUNT(*) AS n FROM pending_teardowns WHERE project_id = ?")
      .bind(projectId)
      .first<number>("n"))!;

  it("3,000 assets and 150 versions go in one request within the budget, and nothing is left", async () => {
    const { d, row } = await largeProject();
    expect((await leftOf(row)).r2).toBeGreaterThan(3150);

    const meter = newMeter();
    const ctx = createExecutionContext();
    const res = await createApi().fetch(
      new Request(`http://localhost:8787/__api/projects/${row.id}`, {
        method: "DELETE",
        headers: { authorization: d.apiToken },
      }),
      meteredEnv(env, meter),
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).message).toContain("Project deleted with its versions, assets");
    expect(meter.total).toBeLessThan(INVOCATION_OPERATION_LIMIT / 10);
    expect(meter.d1).toBeLessThan(INVOCATION_OPERATION_LIMIT / 10);
    console.log(`teardown of 3,000 assets and 150 versions in one request: ${JSON.stringify(meter)}`);
    expect(await leftOf(row)).toEqual(nothing);
    expect(await teardownRunner(env, row.id).currentTeardown()).toBeNull();
    expect(await pendingTeardowns(row.id)).toBe(0);
  });

  it("past a batch's budget the teardown continues in alarms, each within it, until nothing is left", async () => {
    const { row } = await largeProject();
    // A budget of 3 operations per batch stands in for a project a hundred times larger.
    const first = await teardownProject(env, row, newMeter(), 3);
    expect(first.done).toBe(false);
    // The project is gone from its owner's view at once; its files follow.
    expect(await leftOf(row)).toMatchObject({ projects: 0, versions: 0, host: null });
    expect((await leftOf(row)).r2).toBeGreaterThan(0);

    const runner = teardownRunner(env, row.id);
    let seen = first.job;
    // The alarm may also fire by itself here: either way each batch is one invocation.
    for (let job = await runner.currentTeardown(); job; job = await runner.currentTeardown()) {
      seen = job;
      if (!(await runDurableObjectAlarm(runner))) await new Promise((r) => setTimeout(r, 20));
    }
    // Seen before its last batch: already several invocations, none past the budget by more than
    // the step it finished (the largest here: routes and rows, 4; four databases and the pointer, 5).
    expect(seen.batches).toBeGreaterThan(2);
    expect(seen.maxBatch).toBeLessThanOrEqual(3 + 5);
    expect(seen.objectsDeleted).toBeGreaterThan(0);
    expect(await leftOf(row)).toEqual(nothing);
    expect(await pendingTeardowns(row.id)).toBe(0);
  });

  it("a deletion whose alarms gave up part-way is started again by the next nightly run, and ends", async () => {
    // Smaller: the budget of 3 operations per batch below already takes it past one batch.
    const { row } = await largeProject(300, 10);
    expect((await teardownProject(env, row, newMeter(), 3)).done).toBe(false);
    const runner = teardownRunner(env, row.id);
    // Cloudflare retries a failing alarm a few times and then stops: here, the alarm is simply gone.
    await runInDurableObject(runner, (_instance, state) => state.storage.deleteAlarm());
    expect(await runDurableObjectAlarm(runner)).toBe(false);
    expect(await pendingTeardowns(row.id)).toBe(1);
    expect((await leftOf(row)).r2).toBeGreaterThan(0);

    // The next night's run (more than an hour later) finds it and starts it again.
    const nightly = maintenanceRunner(env);
    expect(await nightly.start(Date.now() + 2 * 60 * 60 * 1000)).toBe(true);
    expect(await runDurableObjectAlarm(nightly)).toBe(true);
    expect((await nightly.current())?.report.repaired).toContain(
      `${row.id}: its deletion had stopped part-way; started again`,
    );
    while (await runner.currentTeardown())
      if (!(await runDurableObjectAlarm(runner))) await new Promise((r) => setTimeout(r, 20));
    while (await runDurableObjectAlarm(nightly));
    expect(await leftOf(row)).toEqual(nothing);
    expect(await pendingTeardowns(row.id)).toBe(0);
  });

  it("an invocation that dies half-way loses nothing: the alarm finishes the job", async () => {
    // Two pages of files, so that there is a second bulk delete to fail.
    const { row } = await largeProject(1500, 20);
    let deletes = 0;
    // R2 fails on the second bulk delete, as an invocation stopped by the platform would.
    const dying = {
      ...env,
      CODE: new Proxy(env.CODE, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (prop === "delete")
            return (...args: unknown[]) => {
              if (++deletes === 2) throw new Error("the invocation died");
              return value.apply(target, args);
            };
          return typeof value === "function" ? value.bind(target) : value;
        },
      }),
    };
    await expect(teardownProject(dying, row)).rejects.toThrow("the invocation died");
    expect((await leftOf(row)).r2).toBeGreaterThan(0);

    const runner = teardownRunner(env, row.id);
    expect(await runner.currentTeardown()).toMatchObject({ projectId: row.id });
    while (await runner.currentTeardown())
      if (!(await runDurableObjectAlarm(runner))) await new Promise((r) => setTimeout(r, 20));
    expect(await leftOf(row)).toEqual(nothing);
  });
});
