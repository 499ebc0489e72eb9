import type { LiteralSpan } from "../../builder/jsx-inspect";

/** One replacement in a file: [start, end) becomes `text` (start === end inserts). */
export interface Splice {
  file: string;
  start: number;
  end: number;
  text: string;
}

/**
 * New text for a literal, written the way its place in the source needs: JSX text and attribute
 * strings take entities (they have no escapes), JavaScript strings take escapes.
 */
export function encodeLiteral(span: Pick<LiteralSpan, "encoding" | "quote">, value: string): string {
  switch (span.encoding) {
    case "jsx-text":
      return value
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/{/g, "&#123;")
        .replace(/}/g, "&#125;");
    case "jsx-attribute":
      return value
        .replace(/&/g, "&amp;")
        .replace(span.quote === "'" ? /'/g : /"/g, span.quote === "'" ? "&apos;" : "&quot;");
    case "js-string": {
      let out = value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
      if (span.quote === "`") out = out.replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
      else out = out.replace(span.quote === "'" ? /'/g : /"/g, `\\${span.quote ?? '"'}`);
      return out;
    }
  }
}

/** The files with the splices applied (per file from the end, so earlier offsets stay right). */
export function applySplices(files: Record<string, string>, splices: Splice[]): Record<string, string> {
  const out: Record<string, string> = {};
  const byFile = new Map<string, Splice[]>();
  for (const s of splices) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  for (const [file, list] of byFile) {
    let text = files[file]!;
    for (const s of [...list].sort((a, b) => b.start - a.start))
      text = text.slice(0, s.start) + s.text + text.slice(s.end);
    out[file] = text;
  }
  return out;
}
