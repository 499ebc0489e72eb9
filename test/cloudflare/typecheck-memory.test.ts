/**
 * The type-checker's isolate within Cloudflare's 128 MB: the vendored checker (as the Worker Loader
 * receives it) checks the app template, the CRM sample, and the CRM sample after an edit, in a child
 * `node --expose-gc` (the same V8 as workerd). Its live heap after a full GC with what it keeps
 * between checks stays within 100 MB, and its peak (a program with its type checker, just before
 * it lets them go) within 110 MB, clear of the 128 MB at which Cloudflare kills the isolate. Heap
 * figures after GC, not timings: they do not move with the machine's load.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

interface Measured {
  loadedMb: number;
  checks: { what: string; peak: number; kept: number; diagnostics: number }[];
}

describe("the type-checker's memory", () => {
  it("keeps within 100 MB of live heap (peak within 110 MB) for the template and the CRM sample", () => {
    const r = spawnSync(process.execPath, ["--expose-gc", join(root, "bench", "typecheck-memory.bench.ts"), "--json"], {
      cwd: root,
      encoding: "utf8",
      timeout: 170_000,
    });
    const line = r.stdout.trim().split("\n").at(-1) ?? "";
    expect(line.startsWith("{"), `no measurement: ${r.stderr}`).toBe(true);
    const m = JSON.parse(line) as Measured;
    const table = [
      `loaded ${m.loadedMb.toFixed(1)} MB`,
      ...m.checks.map((c) => `${c.what}: peak ${c.peak.toFixed(1)} MB, kept ${c.kept.toFixed(1)} MB`),
    ].join("\n");
    console.log(`type-checker live heap after GC:\n${table}`);
    expect(m.checks).toHaveLength(3);
    // The template and the sample are clean: a check that found errors (or none of its files) would
    // measure something else.
    for (const c of m.checks) expect(c.diagnostics, c.what).toBe(0);
    // The peak was measured (the checker's probe ran) and is a real program's size, not nothing.
    for (const c of m.checks) expect(c.peak, c.what).toBeGreaterThan(c.kept);
    expect(m.loadedMb).toBeLessThanOrEqual(100);
    for (const c of m.checks) {
      expect(c.kept, `${c.what}: kept between checks\n${table}`).toBeLessThanOrEqual(100);
      expect(c.peak, `${c.what}: peak\n${table}`).toBeLessThanOrEqual(110);
    }
    expect(r.status, r.stderr).toBe(0);
  });
});
