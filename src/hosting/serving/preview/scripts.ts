import type { Env } from "../../../env";
import { BRIDGE } from "./bridge";
import { REPORTER } from "./reporter";
import { SELECT } from "./select";

/**
 * Scripts Kiln adds to every HTML page of a preview (never of production): the channel through
 * which the workspace and the previewed app talk (errors the page met, the element the user
 * points at). They are served by the platform under a reserved path on the preview's own host,
 * so the app's code cannot replace them, and they run before any of the app's own scripts.
 * Each one after the bridge uses `window.__kiln` (see bridge.ts); add new ones to SCRIPTS.
 */

export const PREVIEW_SCRIPT_PREFIX = "/__kiln/preview/";

/** In load order: the bridge first, the others rely on it. */
const SCRIPTS: Record<string, string> = {
  "bridge.js": BRIDGE,
  "reporter.js": REPORTER,
  "select.js": SELECT,
};

/** A preview script asked for by path, or null when the path is not one of them. */
export function previewScript(path: string): Response | null {
  if (!path.startsWith(PREVIEW_SCRIPT_PREFIX)) return null;
  const source = SCRIPTS[path.slice(PREVIEW_SCRIPT_PREFIX.length)];
  if (source === undefined) return new Response("No such preview script.", { status: 404 });
  return new Response(source, {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" },
  });
}

/**
 * The script tags for the head of a preview page; the bridge learns which origins may drive it
 * and which version the page belongs to (it tells the workspace, whose reports name that version).
 */
export function previewScriptTags(builderOrigins: string[], versionId = ""): string {
  const origins = escapeAttribute(JSON.stringify(builderOrigins));
  const version = versionId ? ` data-version="${escapeAttribute(versionId)}"` : "";
  return Object.keys(SCRIPTS)
    .map((name, i) =>
      i === 0
        ? `<script src="${PREVIEW_SCRIPT_PREFIX}${name}" data-builder-origins="${origins}"${version}></script>`
        : `<script src="${PREVIEW_SCRIPT_PREFIX}${name}"></script>`,
    )
    .join("");
}

/**
 * The origins Kiln's workspace may be open on, for the page at `url`: the platform's hosts where
 * they are named (production), and the loopback names on the same port (a local install). Only
 * these may frame-drive a preview or hear what it reports.
 */
export function builderOrigins(env: Pick<Env, "PLATFORM_HOSTS">, url: URL): string[] {
  const port = url.port ? `:${url.port}` : "";
  const named = (env.PLATFORM_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .map((h) => (h.includes(":") ? `${url.protocol}//${h}` : `${url.protocol}//${h}${port}`));
  const loopback = ["localhost", "127.0.0.1", "[::1]"].map((h) => `${url.protocol}//${h}${port}`);
  return [...new Set([...named, ...loopback])];
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
