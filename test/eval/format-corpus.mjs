// Rewrites the corpus files in their canonical layout (two-space indent; an object or list stays on
// one line when it fits in 140 columns), so hand edits and generated ones read the same.
//   node test/eval/format-corpus.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const WIDTH = 140;

/** `used`: the columns already taken on the line where the value starts (indent and key). */
function format(value, indent, used = indent.length) {
  const flat = JSON.stringify(value, null, 1).replace(/\n\s*/g, " ").replace(/\[ /g, "[").replace(/ \]/g, "]");
  if (value === null || typeof value !== "object" || used + flat.length <= WIDTH) return flat;
  const inner = indent + "  ";
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + format(v, inner)).join(",\n")}\n${indent}]`;
  const members = Object.entries(value).map(([k, v]) => {
    const head = `${inner}${JSON.stringify(k)}: `;
    return head + format(v, inner, head.length);
  });
  return `{\n${members.join(",\n")}\n${indent}}`;
}

for (const name of ["corpus.json", "holdout.json"]) {
  const file = join(import.meta.dirname, "../fixtures/planner", name);
  const data = JSON.parse(readFileSync(file, "utf8"));
  const text = format(data, "") + "\n";
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(data))
    throw new Error(`${name}: formatting changed the data`);
  writeFileSync(file, text);
}
