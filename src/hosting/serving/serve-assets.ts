import type { AssetConfig, AssetEntry, VersionArtifact } from "../artifact";
import { setHeaderProblem, unsetHeaderProblem } from "./confine-headers";
import { matchPattern } from "./patterns";

/** Reads an asset's bytes by content hash (R2 on every target, memory-cached by the caller). */
export type ReadBlob = (hash: string) => Promise<ArrayBuffer | null>;

type Resolution =
  | { kind: "asset"; path: string; entry: AssetEntry; status?: number }
  | { kind: "redirect"; to: string; status: number }
  | null;

/**
 * Serves a request from a version's static assets with the deploy API's semantics (redirects,
 * html_handling, not_found_handling, header rules, ETag/304). Returns null when no asset
 * answers, so the caller can hand the request to the app's Worker.
 * `basePath` is the prefix the app is mounted under ("" on its own host), used for redirects.
 */
export async function serveAsset(
  request: Request,
  path: string,
  artifact: VersionArtifact,
  readBlob: ReadBlob,
  options: { basePath: string; fallback: boolean },
): Promise<Response | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const { config } = artifact;

  const redirect = findRedirect(config, path);
  if (redirect) return redirectTo(redirect.to, redirect.status, options.basePath, new URL(request.url).search);

  let found = resolve(artifact.assets, config, path);
  if (!found && options.fallback) found = notFound(artifact.assets, config, path);
  if (!found) return null;
  if (found.kind === "redirect")
    return redirectTo(found.to, found.status, options.basePath, new URL(request.url).search);

  const etag = `"${found.entry.hash}"`;
  const headers = new Headers({
    "content-type": found.entry.contentType,
    etag,
    "cache-control": cacheControl(found.path, found.entry),
  });
  applyHeaderRules(config, path, headers);
  const status = found.status ?? 200;
  if (status === 200 && ifNoneMatch(request.headers.get("if-none-match"), etag))
    return new Response(null, { status: 304, headers });
  if (request.method === "HEAD") {
    headers.set("content-length", String(found.entry.size));
    return new Response(null, { status, headers });
  }
  const body = await readBlob(found.entry.hash);
  if (!body) return new Response("This file of the app is missing from storage.", { status: 500 });
  return new Response(body, { status, headers });
}

/** A URL path as asset paths are written (decoded); null when its %-escapes are malformed (`%zz`, a cut UTF-8 sequence). */
export function decodeAssetPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** True for a browser navigation (a page load), as opposed to fetch() or a subresource. */
export function isNavigation(request: Request): boolean {
  const mode = request.headers.get("sec-fetch-mode");
  if (mode) return mode === "navigate";
  return request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html");
}

function resolve(assets: Record<string, AssetEntry>, config: AssetConfig, path: string): Resolution {
  const exact = assets[path];
  const mode = config.html_handling;
  if (mode === "none") return exact ? { kind: "asset", path, entry: exact } : null;

  // Pretty URLs: /about serves /about.html or /about/index.html; the .html forms redirect away.
  if (path.endsWith("/index.html") && assets[path])
    return { kind: "redirect", to: path.slice(0, -"index.html".length), status: 307 };
  if (path.endsWith(".html") && assets[path]) {
    const bare = path.slice(0, -".html".length);
    return { kind: "redirect", to: mode === "force-trailing-slash" ? `${bare}/` : bare, status: 307 };
  }
  if (path.endsWith("/")) {
    const index = assets[`${path}index.html`];
    if (index) return { kind: "asset", path: `${path}index.html`, entry: index };
    const file = path.length > 1 ? assets[`${path.slice(0, -1)}.html`] : undefined;
    if (file && mode !== "force-trailing-slash") return { kind: "redirect", to: path.slice(0, -1), status: 307 };
    if (file) return { kind: "asset", path: `${path.slice(0, -1)}.html`, entry: file };
    return exact ? { kind: "asset", path, entry: exact } : null;
  }
  if (exact) return { kind: "asset", path, entry: exact };
  const file = assets[`${path}.html`];
  if (file)
    return mode === "force-trailing-slash"
      ? { kind: "redirect", to: `${path}/`, status: 307 }
      : { kind: "asset", path: `${path}.html`, entry: file };
  const index = assets[`${path}/index.html`];
  if (index)
    return mode === "drop-trailing-slash"
      ? { kind: "asset", path: `${path}/index.html`, entry: index }
      : { kind: "redirect", to: `${path}/`, status: 307 };
  return null;
}

function notFound(assets: Record<string, AssetEntry>, config: AssetConfig, path: string): Resolution {
  if (config.not_found_handling === "single-page-application") {
    const index = assets["/index.html"];
    return index ? { kind: "asset", path: "/index.html", entry: index } : null;
  }
  if (config.not_found_handling === "404-page") {
    // The nearest 404.html walking up from the requested path.
    const parts = path.split("/").slice(0, -1);
    while (parts.length > 0) {
      const candidate = `${parts.join("/")}/404.html`;
      if (assets[candidate]) return { kind: "asset", path: candidate, entry: assets[candidate]!, status: 404 };
      parts.pop();
    }
  }
  return null;
}

function findRedirect(config: AssetConfig, path: string): { to: string; status: number } | null {
  const fixed = config.redirects.static[path];
  if (fixed) return fixed;
  for (const [from, rule] of Object.entries(config.redirects.dynamic)) {
    const params = matchPattern(from, path);
    if (!params) continue;
    // Placeholders take the decoded path's text, so it is escaped again to make a Location URL.
    const to = rule.to.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) =>
      params[name] === undefined ? whole : escapePath(params[name]),
    );
    return { to, status: rule.status };
  }
  return null;
}

/** Percent-escapes what may not stand in a URL path (control characters, spaces, non-ASCII, a bare %). */
function escapePath(text: string): string {
  return text.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (ch) => encodeURIComponent(ch));
}

function redirectTo(to: string, status: number, basePath: string, search: string): Response {
  const external = /^[a-z][a-z0-9+.-]*:/i.test(to);
  const location = external ? to : `${basePath}${to}${to.includes("?") ? "" : search}`;
  return new Response(null, { status, headers: { location } });
}

function applyHeaderRules(config: AssetConfig, path: string, headers: Headers) {
  for (const [pattern, rule] of Object.entries(config.headers.rules)) {
    if (!matchPattern(pattern, path)) continue;
    // Versions deployed before the deploy-time checks may still hold a refused rule: it stays unapplied.
    for (const name of rule.unset ?? []) if (!unsetHeaderProblem(pattern, name)) headers.delete(name);
    for (const [name, value] of Object.entries(rule.set ?? {}))
      if (!setHeaderProblem(pattern, name, value)) headers.set(name, value);
  }
}

function cacheControl(path: string, entry: AssetEntry): string {
  // Bundler output carries a content hash in its name, so it can be cached forever.
  if (
    /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|png|jpe?g|svg|webp)$/.test(path) &&
    !entry.contentType.startsWith("text/html")
  ) {
    return "public, max-age=31536000, immutable";
  }
  return "public, max-age=0, must-revalidate";
}

function ifNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === etag || tag === "*";
  });
}
