// A deploy-API bucket's memory, measured in Node (the same V8 as workerd): the live heap and
// array buffers while the largest bucket Kiln accepts (40 MiB of JSON: one 25 MiB file and
// smaller ones) is read by src/hosting/bucket-reader.ts from a stream, against reading the same
// bucket whole as the upload did before (the body's text, JSON.parse, every file decoded).
// On Cloudflare an isolate has 128 MB; the budget for one request is 100 MB.
// npm run bench -- bucket-memory (it re-runs itself with --expose-gc). Exits 1 over the budget.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { machine, report } from "./report.ts";

const root = join(import.meta.dirname, "..");
const gc = (globalThis as { gc?: () => void }).gc!;
if (!gc) {
  const r = spawnSync(process.execPath, ["--expose-gc", import.meta.filename], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
const BUDGET_MB = 100;
const MiB = 1024 * 1024;
const live = () => {
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / MiB;
};

// The reader as the Worker bundles it.
const dir = mkdtempSync(join(tmpdir(), "kiln-bucket-"));
const bundled = await build({
  entryPoints: [join(root, "src/hosting/bucket-reader.ts")],
  bundle: true,
  format: "esm",
  platform: "neutral",
  write: false,
});
writeFileSync(join(dir, "bucket-reader.mjs"), bundled.outputFiles[0]!.text);
const reader = (await import(join(dir, "bucket-reader.mjs"))) as typeof import("../src/hosting/bucket-reader.ts");

// The files: made piece by piece from a pattern, so that nothing here holds them whole.
const PIECE = 48 * 1024;
const sizes = [25 * MiB, MiB, MiB, MiB, MiB];
const pieceOf = (file: number, offset: number, n: number) => {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (offset + i) * (file + 7) + ((offset + i) >> 9);
  return bytes;
};
const hashes = sizes.map((size, f) => {
  const h = createHash("sha256");
  for (let o = 0; o < size; o += PIECE) h.update(pieceOf(f, o, Math.min(PIECE, size - o)));
  return h.digest("hex");
});
const bodyBytes = 2 + sizes.reduce((n, s, f) => n + hashes[f]!.length + 4 * Math.ceil(s / 3) + 6, 0);
if (bodyBytes > reader.BUCKET_MAX_BYTES) throw new Error("the bench's bucket is past the cap: update it");

function* chunks(): Generator<string> {
  yield "{";
  for (let f = 0; f < sizes.length; f++) {
    yield `${f ? "," : ""}"${hashes[f]}":"`;
    for (let o = 0; o < sizes[f]!; o += PIECE)
      yield Buffer.from(pieceOf(f, o, Math.min(PIECE, sizes[f]! - o))).toString("base64");
    yield '"';
  }
  yield "}";
}

const baseline = live();
let peak = 0;
let pulls = 0;
const enc = new TextEncoder();
const source = chunks();
const stream = new ReadableStream<Uint8Array>({
  pull(controller) {
    if (++pulls % 64 === 0) peak = Math.max(peak, live() - baseline);
    const next = source.next();
    if (next.done) controller.close();
    else controller.enqueue(enc.encode(next.value));
  },
});
const t0 = performance.now();
const stored = await reader.readBucket(stream, {
  maxBytes: reader.BUCKET_MAX_BYTES,
  maxFiles: reader.BUCKET_MAX_FILES,
  expect: (hash) => sizes[hashes.indexOf(hash)]!,
  // The moment of most: a whole file checked and about to be written.
  store: async () => {
    peak = Math.max(peak, live() - baseline);
  },
});
const streamMs = performance.now() - t0;
if (stored !== sizes.length) throw new Error(`stored ${stored} of ${sizes.length} files`);

// The same bucket read whole, as before: text, parsed, every file decoded, then stored.
const before = live();
const text = [...chunks()].join("");
const parsed = JSON.parse(text) as Record<string, string>;
const decoded = Object.entries(parsed).map(([hash, b64]) => ({
  hash,
  bytes: Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)),
}));
const whole = live() - before;
if (decoded.length !== sizes.length) throw new Error("the whole read lost files");

const mb = (n: number) => `${n.toFixed(1)} MB`;
report(
  "Deploy-API bucket memory",
  `The largest bucket Kiln accepts (${(bodyBytes / MiB).toFixed(1)} MiB of JSON: one 25 MiB file and four of 1 MiB, as base64), in Node (workerd's V8): live heap plus array buffers after a full GC, above the level before. "streamed" is src/hosting/bucket-reader.ts reading it from a stream (sampled at every stored file and every 64th chunk; ${Math.round(streamMs)} ms); "whole" is the body's text, JSON.parse and every file decoded, as the upload did before. Budget: ${BUDGET_MB} MB per request (an isolate has 128 MB). \`npm run bench -- bucket-memory\`. ${machine()}`,
  ["read", "live memory at its peak", "vs whole"],
  [
    ["streamed, file by file", mb(peak), `${(peak / whole).toFixed(2)}×`],
    ["whole (before)", mb(whole), "1.00×"],
  ],
);
if (peak > BUDGET_MB) {
  console.error(`over the budget: ${mb(peak)} > ${BUDGET_MB} MB`);
  process.exit(1);
}
