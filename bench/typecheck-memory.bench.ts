// The type-checker's memory, measured in Node (the same V8 as workerd): live heap after a full GC
// once the checker has checked the app template and then the CRM sample, with the cache of
// programs it keeps. On Cloudflare an isolate has 128 MB; the budget is 100 MB.
// npm run bench -- typecheck-memory (it re-runs itself with --expose-gc). Exits 1 over the budget.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const gc = (globalThis as { gc?: () => void }).gc!;
if (!gc) {
  const r = spawnSync(process.execPath, ["--expose-gc", import.meta.filename], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
const BUDGET_MB = 100;

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    if (/\.(ts|tsx|mts|cts)$/.test(e.name) || /^tsconfig(\.[\w-]+)?\.json$/.test(e.name))
      out[relative(dir, full)] = readFileSync(full, "utf8");
  }
  return out;
}

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

// The vendored checker as the Worker Loader receives it, with its .d.ts bundle inlined.
const dir = mkdtempSync(join(tmpdir(), "kiln-typecheck-"));
const source = readFileSync(join(root, "dist", "vendor", "typecheck-worker.txt"), "utf8");
const types = readFileSync(join(root, "dist", "vendor", "typecheck-types.txt"), "utf8");
const inlined = source.replace(
  /import (\w+) ?from ?"\.\/kiln-types\.json";?/,
  (_m, name) => `const ${name} = ${JSON.stringify(types)};`,
);
if (inlined === source) throw new Error("the checker no longer imports ./kiln-types.json: update this bench");
writeFileSync(join(dir, "typecheck.mjs"), inlined);

const baseline = heapMb();
const checker = (await import(join(dir, "typecheck.mjs"))).default as { fetch(req: Request): Promise<Response> };
const check = async (files: Record<string, string>, key: string) => {
  const started = performance.now();
  const res = await checker.fetch(
    new Request("http://typecheck/", { method: "POST", body: JSON.stringify({ files, key }) }),
  );
  const body = (await res.json()) as { diagnostics?: unknown[]; error?: string };
  if (!body.diagnostics) throw new Error(`checker failed: ${body.error}`);
  return { ms: Math.round(performance.now() - started), diagnostics: body.diagnostics.length };
};

const template = tree(join(root, "templates", "react-app"));
const crm = { ...template, ...tree(join(root, "templates", "samples", "crm")) };
const loaded = heapMb();
const t = await check(template, "template");
const afterTemplate = heapMb();
const c = await check(crm, "crm");
const afterCrm = heapMb();
const again = await check(crm, "crm");
const afterRecheck = heapMb();

const rows = [
  ["checker loaded", loaded - baseline],
  [
    `template checked (${Object.keys(template).length} files, ${t.diagnostics} diagnostics, ${t.ms} ms)`,
    afterTemplate - baseline,
  ],
  [
    `+ CRM sample checked (${Object.keys(crm).length} files, ${c.diagnostics} diagnostics, ${c.ms} ms)`,
    afterCrm - baseline,
  ],
  [`+ CRM re-checked (${again.ms} ms)`, afterRecheck - baseline],
] as const;
for (const [what, mb] of rows) console.log(`${mb.toFixed(1).padStart(7)} MB  ${what}`);
const peak = Math.max(...rows.map((r) => r[1]));
console.log(
  `live heap after GC: ${peak.toFixed(1)} MB; budget ${BUDGET_MB} MB (Cloudflare isolates have 128 MB): ${peak <= BUDGET_MB ? "within" : "OVER"}`,
);
if (peak > BUDGET_MB) process.exitCode = 1;
