/**
 * A preview's error, as the page reported it (bundle URLs, minified positions), turned into the
 * app's own words: the file and line of its sources, through the source maps the build kept with
 * the version (artifact.sourceMaps). Nothing here trusts the report: it names positions, and
 * only positions in this version's own bundles are looked up.
 */
import { assetKey, type VersionArtifact } from "./artifact";
import { originalPosition, parseSourceMap, type SourceMap, type SourcePosition } from "./source-map";
import type { RenderError } from "../store/version-renders";

export interface ReportedError {
  kind: "error" | "rejection" | "resource" | "render" | "blank";
  message: string;
  stack?: string | null;
  componentStack?: string | null;
  /** The page had rendered before this error. */
  afterRender?: boolean | null;
  /** Where the browser said it happened (an ErrorEvent's filename, line and column), if it did. */
  where?: { url: string; line?: number | null; column?: number | null } | null;
}

/** A reported error with the app's file and line found: what is stored on the version. */
export type LocatedError = RenderError;

/** "http://host/assets/index-X.js:1:2345", as V8, Firefox and Safari write stack positions. */
const POSITION = /\b(https?:\/\/[^\s()'"<>]+?):(\d+):(\d+)/g;

/** Parsed maps by content hash: they never change, and one page's errors ask for the same few. */
const cache = new Map<string, SourceMap | null>();
const CACHE_LIMIT = 50;

async function mapFor(bucket: R2Bucket, artifact: VersionArtifact, url: string): Promise<SourceMap | null> {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const maps = artifact.sourceMaps ?? {};
  // A path prefix (/apps/<id>) may come before the bundle's own path.
  const bundle = Object.keys(maps).find((p) => path === p || path.endsWith(p));
  if (!bundle) return null;
  const hash = maps[bundle]!;
  if (cache.has(hash)) return cache.get(hash)!;
  const object = await bucket.get(assetKey(artifact.projectId, hash));
  const map = object ? parseSourceMap(await object.text()) : null;
  cache.set(hash, map);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return map;
}

/** A bundle position's place in the app's sources, or null when no map of this version covers it. */
export async function sourcePosition(
  bucket: R2Bucket,
  artifact: VersionArtifact,
  url: string,
  line: number,
  column: number,
): Promise<SourcePosition | null> {
  const map = await mapFor(bucket, artifact, url);
  return map ? originalPosition(map, line, column) : null;
}

/** Rewrites every position in a stack that the maps know to file:line:column, and the rest to their paths. */
async function mapStack(
  bucket: R2Bucket,
  artifact: VersionArtifact,
  text: string,
): Promise<{ text: string; first: SourcePosition | null }> {
  let first: SourcePosition | null = null;
  const replacements: string[] = [];
  for (const match of text.matchAll(POSITION)) {
    const [, url, line, column] = match;
    const at = await sourcePosition(bucket, artifact, url!, Number(line), Number(column));
    if (at && !first) first = at;
    replacements.push(at ? `${at.file}:${at.line}:${at.column}` : `${pathOf(url!)}:${line}:${column}`);
  }
  let i = 0;
  return { text: text.replace(POSITION, () => replacements[i++]!), first };
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

/**
 * The reported error with the app's file and line: the browser's own position first, then the
 * first frame of the stack (or of React's component stack) that lies in the app's sources.
 */
export async function locateError(
  bucket: R2Bucket,
  artifact: VersionArtifact | null,
  report: ReportedError,
): Promise<LocatedError> {
  const located: LocatedError = {
    kind: report.kind,
    message: report.message,
    file: null,
    line: null,
    column: null,
    stack: report.stack ?? null,
    componentStack: report.componentStack ?? null,
    ...(report.afterRender ? { afterRender: true } : {}),
  };
  if (!artifact) return located;
  let at: SourcePosition | null = null;
  const where = report.where;
  if (where?.url && where.line && where.column)
    at = await sourcePosition(bucket, artifact, where.url, where.line, where.column);
  if (report.stack) {
    const mapped = await mapStack(bucket, artifact, report.stack);
    located.stack = mapped.text;
    at ??= mapped.first;
  }
  if (report.componentStack) {
    const mapped = await mapStack(bucket, artifact, report.componentStack);
    located.componentStack = mapped.text;
    at ??= mapped.first;
  }
  // A file that failed to load is its own "where": its path, not a position in it.
  if (!at && report.kind === "resource" && where?.url) located.file = pathOf(where.url).replace(/^\/+/, "");
  if (at) Object.assign(located, { file: at.file, line: at.line, column: at.column });
  return located;
}
