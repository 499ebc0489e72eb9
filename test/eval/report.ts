/**
 * The evaluation as text: the totals of a set, a table per category (each case's domain and each
 * shape it is tagged with), and the worst cases with what was missing or wrong. Pure: the Node
 * script and the worker test print the same report.
 */
import { badness, rate, totals, type CaseScore, type Tally, type Totals } from "./score";

export const pct = (t: Tally): string => {
  const r = rate(t);
  return r === null ? "—" : `${(r * 100).toFixed(1)} % (${t.ok}/${t.of})`;
};
const short = (t: Tally): string => {
  const r = rate(t);
  return r === null ? "—" : `${Math.round(r * 100)}%`;
};

export function totalsLine(t: Totals): string[] {
  return [
    `named things honoured  ${pct(t.named)}`,
    `kinds right            ${pct(t.kinds)}`,
    `options right          ${pct(t.options)}`,
    `ranges right           ${pct(t.ranges)}`,
    `relations created      ${pct(t.relations)}`,
    `invented tables        ${t.invented} (in ${t.casesWithInvented} of ${t.cases} cases)`,
    `two columns for one    ${t.duplicates}`,
    `login right            ${pct(t.login)}`,
    `non-data handling      ${pct(t.nonData)}`,
    `data asks refused      ${t.refused}`,
    `site texts carried     ${pct(t.siteText)}`,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "))
    .join("\n");
}

export function categoryTable(scores: CaseScore[]): string {
  const groups = new Map<string, CaseScore[]>();
  const add = (key: string, s: CaseScore) => groups.set(key, [...(groups.get(key) ?? []), s]);
  for (const s of scores) {
    add(`domain:${s.domain}`, s);
    for (const shape of s.shapes) add(`shape:${shape}`, s);
  }
  const keys = [...groups.keys()].sort((a, b) =>
    a.split(":")[0] === b.split(":")[0] ? a.localeCompare(b) : a.startsWith("domain") ? -1 : 1,
  );
  const rows = [["category", "cases", "named", "kinds", "options", "relations", "invented", "login", "handling"]];
  for (const key of keys) {
    const t = totals(groups.get(key)!);
    rows.push([
      key,
      String(t.cases),
      short(t.named),
      short(t.kinds),
      short(t.options),
      short(t.relations),
      String(t.invented),
      short(t.login),
      short(t.handling),
    ]);
  }
  return table(rows);
}

export function worstCases(scores: CaseScore[], n: number): string {
  const ranked = scores
    .map((s) => ({ s, b: badness(s) }))
    .filter(({ b }) => b[1] > 0)
    .sort((x, y) => y.b[0] - x.b[0] || y.b[1] - x.b[1] || x.s.id.localeCompare(y.s.id))
    .slice(0, n);
  if (ranked.length === 0) return "(no case has a problem)";
  return ranked
    .map(({ s, b }, i) =>
      [
        `${i + 1}. ${s.id} [${s.domain}; ${s.shapes.join(", ")}] — ${Math.round(b[0] * 100)}% of checks failed`,
        `   "${s.text.replace(/\n/g, "⏎")}"`,
        `   plan: ${s.planSummary}`,
        ...s.problems.map((p) => `   - ${p}`),
      ].join("\n"),
    )
    .join("\n");
}

export interface ReportOptions {
  worst?: number;
  /** Totals only: no categories, no cases (for the hold-out set when tuning a planner). */
  totalsOnly?: boolean;
}

export function formatReport(title: string, scores: CaseScore[], options: ReportOptions = {}): string {
  const t = totals(scores);
  const parts = [`== ${title}: ${t.cases} descriptions ==`, ...totalsLine(t).map((l) => `  ${l}`)];
  if (!options.totalsOnly) {
    const worst = options.worst ?? 15;
    parts.push("", "By category:", categoryTable(scores));
    if (worst > 0) parts.push("", `Worst ${worst}:`, worstCases(scores, worst));
  }
  return parts.join("\n");
}
