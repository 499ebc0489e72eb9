// The real template (templates/react-app) through the in-platform builder: it must build with no
// diagnostics at all (TypeScript, esbuild, Tailwind, SQL), as `vite build` + `tsc` do in Node.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { buildApp, esbuildMemoryBytes } from "../../src/builder";
import { sampleApps, templateApp } from "../fixtures/build/files";
import { scratchDatabase } from "./helpers";

const template = templateApp();

it.skipIf(!template["index.html"])(
  "the template builds cleanly and its API answers through the Worker Loader",
  { timeout: 120_000 },
  async () => {
    const r = await buildApp(template, { loader: env.LOADER, migrationDb: scratchDatabase(), cacheKey: "template" });
    console.log(`template build: ${JSON.stringify(r.timings)}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    const html = String(r.assets["/index.html"]!.body);
    const css = /href="\.\/(assets\/index-[A-Z0-9]+\.css)"/.exec(html)?.[1];
    expect(css && String(r.assets[`/${css}`]!.body)).toContain(".bg-zinc-50");
    expect(r.migrations.length).toBeGreaterThan(0);
    const server = r.server!;
    const worker = env.LOADER.get(`build-template:${crypto.randomUUID()}`, () => ({
      compatibilityDate: server.compatibilityDate ?? "2026-11-01",
      compatibilityFlags: server.compatibilityFlags ?? [],
      mainModule: server.mainModule,
      modules: server.modules,
      env: { JWT_SECRET: "x".repeat(32) },
    }));
    const res = await worker.getEntrypoint().fetch("http://app/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  },
);

const samples = sampleApps();

it.skipIf(!template["index.html"])(
  "the CRM sample is the template with its overlay over it (composed by kiln prepare)",
  () => {
    const crm = samples.crm!;
    expect(crm, "dist/samples/crm: run node cli/kiln.mjs prepare").toBeDefined();
    // The template's files the sample does not change are the template's, byte for byte.
    for (const path of ["worker/auth.ts", "src/lib/api.ts", "src/components/ui/button.tsx", "migrations/0001_init.sql"])
      expect(crm[path], path).toBe(template[path]);
    // Its own files, and the template's page it leaves out (overlay.json).
    expect(crm["worker/deals.ts"]).toContain("/api/deals");
    expect(crm["src/App.tsx"]).not.toBe(template["src/App.tsx"]);
    expect(crm["src/pages/HomePage.tsx"]).toBeUndefined();
    expect(crm["overlay.json"]).toBeUndefined();
  },
);

for (const [name, files] of Object.entries(samples)) {
  it(`the ${name} sample (${Object.keys(files).length} files) builds cleanly`, { timeout: 120_000 }, async () => {
    const r = await buildApp(files, { loader: env.LOADER, migrationDb: scratchDatabase(), cacheKey: `sample:${name}` });
    console.log(`${name} sample build: ${JSON.stringify(r.timings)}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    const again = await buildApp(files, {
      loader: env.LOADER,
      migrationDb: scratchDatabase(),
      cacheKey: `sample:${name}`,
    });
    console.log(`${name} sample rebuild: ${JSON.stringify(again.timings)}`);
  });
}

// On Cloudflare the builder's isolate has 128 MB for JavaScript and esbuild's WebAssembly memory
// together, and the latter only grows: after the template and the CRM sample (and whatever this
// worker built before), esbuild must leave most of it to the rest of the build.
it.skipIf(!template["index.html"])(
  "esbuild's WebAssembly memory stays within 32 MB",
  { timeout: 120_000 },
  async () => {
    for (const files of [template, samples.crm!])
      expect((await buildApp(files, { loader: env.LOADER, typecheck: false })).ok).toBe(true);
    const mb = esbuildMemoryBytes() / 1024 / 1024;
    console.log(`esbuild's WebAssembly memory: ${mb.toFixed(1)} MB`);
    expect(mb).toBeGreaterThan(0);
    expect(mb).toBeLessThanOrEqual(32);
  },
);
