// The production Worker measured without an account: its upload size (as wrangler counts it)
// against Cloudflare's script size limit, what makes it that big, and its startup time.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Cloudflare's Worker size limit. Until 2026-09-04 it was 10 MB after gzip on Workers Paid and
 * 3 MB on Workers Free; Cloudflare then dropped the compressed limits for one uncompressed limit
 * on every plan. wrangler (4.164, in package.json) checks the same number: MAX_UNCOMPRESSED_SIZE_BYTES
 * in its bundle reporter (cloudflare/workers-sdk#14001).
 */
export const WORKER_SIZE_LIMIT = {
  bytes: 64 * 1024 * 1024,
  label: "64 MiB uncompressed, every Workers plan",
  source: "https://developers.cloudflare.com/workers/platform/limits/#worker-size",
  former: { bytes: 10 * 1000 * 1000, label: "10 MB gzip on Workers Paid (3 MB on Free), until 2026-09-04" },
};
/** The dry run fails above this share of the limit: room for Kiln to grow, and a warning well before a deploy breaks. */
export const SIZE_BUDGET_SHARE = 0.5;
/** `wrangler check startup`'s active CPU time must stay under this (Cloudflare allows 1 s of startup). */
export const STARTUP_BUDGET_MS = 500;

/**
 * Sizes of a `wrangler deploy --dry-run --outdir <dir> --metafile <file>` result, counted as wrangler
 * counts its "Total Upload": every module except the source map.
 */
export function sizeReport(outDir, metafilePath, top = 8) {
  const modules = readdirSync(outDir).filter((f) => f !== "README.md" && !f.endsWith(".map"));
  const contents = modules.map((f) => readFileSync(join(outDir, f)));
  const size = contents.reduce((n, c) => n + c.byteLength, 0);
  const gzip = gzipSync(Buffer.concat(contents)).byteLength;

  // Contributors: the bundle's inputs grouped by package (or by source folder), and each attached
  // module (the esbuild wasm, the type-checker's text) on its own.
  const groups = new Map();
  const meta = JSON.parse(readFileSync(metafilePath, "utf8"));
  for (const [output, info] of Object.entries(meta.outputs)) {
    if (output.endsWith(".map")) continue;
    for (const [input, { bytesInOutput }] of Object.entries(info.inputs ?? {}))
      groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
  }
  for (const [i, f] of modules.entries()) {
    if (f === "worker.js") continue;
    const name = `${f.replace(/^[0-9a-f]{40}-/, "")} (module)`;
    groups.set(name, (groups.get(name) ?? 0) + contents[i].byteLength);
  }
  const largest = [...groups]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => ({ name, bytes }));
  const budget = WORKER_SIZE_LIMIT.bytes * SIZE_BUDGET_SHARE;
  return { modules: modules.length, size, gzip, largest, limit: WORKER_SIZE_LIMIT, budget, ok: size <= budget };
}

function groupOf(input) {
  const nm = input.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = input.slice(nm + "node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const parts = input.replace(/^(\.\.\/)+/, "").split("/");
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : parts.join("/");
}

export function formatSizeReport(r) {
  const mib = (b) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
  const pct = (a, b) => `${Math.round((a / b) * 100)}%`;
  const lines = [
    `size: ${mib(r.size)} uncompressed (${r.modules} modules), ${mib(r.gzip)} gzip`,
    `limit: ${r.limit.label} (${r.limit.source}); this Worker is ${pct(r.size, r.limit.bytes)} of it, budget ${pct(r.budget, r.limit.bytes)} (${mib(r.budget)})`,
    `  (gzip is ${pct(r.gzip, r.limit.former.bytes)} of the former limit, ${r.limit.former.label})`,
    "largest contributors:",
    ...r.largest.map((c) => `  ${mib(c.bytes).padStart(10)}  ${c.name}`),
  ];
  return lines.join("\n");
}

/** Active (non-idle) CPU time in a `wrangler check startup` profile, in ms. */
export function startupActiveMs(cpuprofilePath) {
  const profile = JSON.parse(readFileSync(cpuprofilePath, "utf8"));
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  let micros = 0;
  profile.samples.forEach((node, i) => {
    if (!idle.has(node)) micros += profile.timeDeltas[i] ?? 0;
  });
  return micros / 1000;
}
