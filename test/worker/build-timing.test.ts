// Build timings inside workerd (printed, not asserted: single runs on a shared machine).
// Note: workerd advances performance.now() only across I/O, so spans are wall-clock between awaits.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { buildApp, type BuildTimings } from "../../src/build";
import { tuning } from "../../src/build/esbuild";
import { fixtureApp, templateApp } from "../fixtures/build/files";

const fmt = (t: BuildTimings) => Object.entries(t).map(([k, v]) => `${k}=${v}`).join(" ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it("timings: fixture and template, cold and warm", { timeout: 300_000 }, async () => {
  const fixture = fixtureApp();
  const template = templateApp();
  const lines: string[] = [];
  const run = async (label: string, files: Record<string, string>, opts: Parameters<typeof buildApp>[1], n: number) => {
    const totals: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await buildApp(files, opts);
      expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
      totals.push(r.timings.total);
      if (i === 0 || i === n - 1) lines.push(`${label} #${i + 1}: ${fmt(r.timings)}`);
    }
    lines.push(`${label}: total min ${Math.min(...totals)} / median ${median(totals)} ms over ${n}`);
  };
  await run("fixture, bundling only (cold isolate first)", fixture, { typecheck: false }, 8);
  await run("template, bundling only", template, { typecheck: false }, 8);
  tuning.fastTimers = false;
  await run("template, bundling only, esbuild's own setTimeout(0)", template, { typecheck: false }, 5);
  tuning.fastTimers = true;
  await run("fixture, + typecheck (cold checker first)", fixture, { loader: env.LOADER, cacheKey: "fixture" }, 5);
  await run("template, + typecheck, first check of this app then unchanged", template, { loader: env.LOADER }, 5);
  await run("template, + typecheck, unchanged files (incremental)", template, { loader: env.LOADER, cacheKey: "template" }, 5);
  // An edit: one page changes each time; the checker re-checks what it can affect.
  const page = "src/pages/HomePage.tsx";
  for (let i = 0; i < 4; i++) {
    const edited = { ...template, [page]: `${template[page]}\nexport const edit${i} = ${i};\n` };
    const r = await buildApp(edited, { loader: env.LOADER, cacheKey: "template" });
    lines.push(`template, + typecheck, one page edited #${i + 1}: ${fmt(r.timings)}`);
  }
  await run("template, + typecheck + sql", template, { loader: env.LOADER, scratchDb: env.APP_DB, cacheKey: "template" }, 5);
  // After the wasm has tiered up (V8 compiles esbuild.wasm with TurboFan in the background).
  await run("fixture, bundling only, after warm-up", fixture, { typecheck: false }, 8);
  await run("template, bundling only, after warm-up", template, { typecheck: false }, 8);
  console.log(`\nTIMINGS (${Object.keys(template).length} template files, ${Object.keys(fixture).length} fixture files)\n${lines.join("\n")}`);
});
