import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Prints a benchmark's table and replaces its section in docs/benchmarks.md. */
export function report(
  section: string,
  intro: string,
  header: string[],
  rows: (string | number)[][],
  notes: string[] = [],
) {
  const table = [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
  const body = [`## ${section}`, "", intro, "", table, "", ...notes.map((n) => `- ${n}`), ""].join("\n");
  console.log(`\n${body}`);

  const file = join(import.meta.dirname, "../docs/benchmarks.md");
  const start = `<!-- bench:${section} -->`;
  const end = `<!-- /bench:${section} -->`;
  let doc = readFileSync(file, "utf8");
  const block = `${start}\n${body}${end}`;
  const from = doc.indexOf(start);
  doc =
    from >= 0
      ? doc.slice(0, from) + block + doc.slice(doc.indexOf(end) + end.length)
      : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function machine(): string {
  return `Measured on ${new Date().toISOString().slice(0, 10)}, ${process.platform}/${process.arch}, Node ${process.versions.node}; 2 cores, one run (numbers vary by ±10–20 % between runs).`;
}
