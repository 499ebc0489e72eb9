/**
 * Where a position in a built bundle came from: a source map (v3) lookup, written out because it
 * is small (base64 VLQ decoding and a scan of one line's segments) and the platform needs only
 * this one question answered. Used to turn a preview's stack traces into the app's own files.
 */

export interface SourceMap {
  version: number;
  sources: string[];
  mappings: string;
  sourceRoot?: string;
}

/** A position in a source file, 1-based like an editor's. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Decodes one segment's base64 VLQ fields (a segment has 1, 4 or 5). */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    const digit = code < 128 ? DIGIT[code]! : -1;
    if (digit < 0) throw new Error(`"${segment[i]}" is not a base64 digit of a source map`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error("a source map segment ends in the middle of a number");
  return values;
}

/**
 * The source position of a generated one (both 1-based), or null when the map says nothing about
 * it (a position in code the map does not cover, or a line past its end). The answer is the
 * segment at or before the column on that line, as browsers' developer tools read maps.
 */
export function originalPosition(map: SourceMap, line: number, column: number): SourcePosition | null {
  if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) return null;
  const lines = map.mappings.split(";");
  if (line > lines.length) return null;
  // Source index, line and column are relative to the previous segment across the whole map, so
  // every line before the one asked for is decoded; the generated column restarts on each line.
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let found: SourcePosition | null = null;
  for (let l = 0; l < line; l++) {
    let generated = 0;
    const text = lines[l]!;
    if (!text) continue;
    for (const segment of text.split(",")) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      generated += fields[0]!;
      if (fields.length >= 4) {
        source += fields[1]!;
        sourceLine += fields[2]!;
        sourceColumn += fields[3]!;
      }
      if (l !== line - 1) continue;
      if (generated > column - 1) return found;
      found =
        fields.length >= 4 && map.sources[source] !== undefined
          ? { file: sourcePath(map, source), line: sourceLine + 1, column: sourceColumn + 1 }
          : null;
    }
  }
  return found;
}

/** A project path as the code view names it: esbuild writes "app:src/App.tsx" for Kiln's namespace. */
function sourcePath(map: SourceMap, index: number): string {
  const raw = `${map.sourceRoot ?? ""}${map.sources[index]}`;
  return raw
    .replace(/^[a-z-]+:/, "")
    .replace(/^(\.\.?\/)+/, "")
    .replace(/^\/+/, "");
}

/** Parses a map's JSON, or null when it is not a usable v3 map. */
export function parseSourceMap(text: string): SourceMap | null {
  try {
    const map = JSON.parse(text) as Partial<SourceMap>;
    if (map.version !== 3 || !Array.isArray(map.sources) || typeof map.mappings !== "string") return null;
    return map as SourceMap;
  } catch {
    return null;
  }
}
