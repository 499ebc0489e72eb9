import { parsePatch } from "diff";

/** One row of a diff as shown: unified (one side) or side by side (both). */
export interface DiffRow {
  kind: "context" | "add" | "del" | "change" | "hunk";
  oldNo?: number;
  newNo?: number;
  old?: string;
  new?: string;
}

export interface FileDiff {
  path: string;
  status: "added" | "removed" | "modified";
  additions: number;
  deletions: number;
  /** Unified rows, in order. */
  unified: DiffRow[];
  /** Side-by-side rows: a removed block and the added block after it share rows. */
  split: DiffRow[];
}

const strip = (name: string | undefined) => (name ?? "").replace(/^[ab]\//, "");

/** Splits a multi-file unified patch (as the versions API returns it) into per-file rows. */
export function parseFiles(patch: string): FileDiff[] {
  return parsePatch(patch)
    .filter((f) => f.hunks.length > 0 || f.oldFileName || f.newFileName)
    .map((f) => {
      const status = f.oldFileName === "/dev/null" ? "added" : f.newFileName === "/dev/null" ? "removed" : "modified";
      const path = status === "added" ? strip(f.newFileName) : strip(f.oldFileName);
      const unified: DiffRow[] = [];
      const split: DiffRow[] = [];
      let additions = 0;
      let deletions = 0;
      for (const h of f.hunks) {
        const header = {
          kind: "hunk" as const,
          old: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
        };
        unified.push(header);
        split.push(header);
        let o = h.oldStart;
        let n = h.newStart;
        let dels: DiffRow[] = [];
        let adds: DiffRow[] = [];
        const flush = () => {
          for (let i = 0; i < Math.max(dels.length, adds.length); i++) {
            const d = dels[i];
            const a = adds[i];
            split.push({
              kind: d && a ? "change" : d ? "del" : "add",
              oldNo: d?.oldNo,
              old: d?.old,
              newNo: a?.newNo,
              new: a?.new,
            });
          }
          dels = [];
          adds = [];
        };
        for (const line of h.lines) {
          const text = line.slice(1);
          if (line.startsWith("\\")) continue; // "\ No newline at end of file"
          if (line.startsWith("-")) {
            const row = { kind: "del" as const, oldNo: o++, old: text };
            unified.push(row);
            dels.push(row);
            deletions++;
          } else if (line.startsWith("+")) {
            const row = { kind: "add" as const, newNo: n++, new: text };
            unified.push(row);
            adds.push(row);
            additions++;
          } else {
            flush();
            const row = { kind: "context" as const, oldNo: o++, newNo: n++, old: text, new: text };
            unified.push(row);
            split.push(row);
          }
        }
        flush();
      }
      return { path, status, additions, deletions, unified, split };
    });
}
