/**
 * Cloudflare stops an invocation past 1,000 subrequests or 1,000 D1 queries; local workerd does
 * not. These tests count every D1, R2 and KV operation (a counting proxy around the real local
 * bindings) and hold the work that scales with data to that budget.
 */
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app";
import { maintenanceRunner } from "../../src/hosting/maintenance-run";
import { newMaintenanceRun, runMaintenanceBatch } from "../../src/hosting/maintenance";
import { INVOCATION_OPERATION_LIMIT, meteredEnv, newMeter } from "../../src/hosting/operation-meter";
import { storedAssetHashes } from "../../src/hosting/stored-assets";
import { call, signUp } from "./helpers";
import { deployer } from "./hosting-helpers";

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
    expect(report).toMatchObject({ projects: total, batches: alarms });
    // And the platform still answers.
    expect((await call("GET", "/api/health")).status).toBe(200);
  });
});
