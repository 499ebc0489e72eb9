// The client bundle: index.html's module script through esbuild-wasm, its stylesheets through
// Tailwind, the vendored packages as assets behind an import map, and public/ as it is.
import vendoredClient from "../../dist/vendor/client.js";
import { contentTypeFor } from "./content-types";
import { runBuild, resolveFile } from "./esbuild";
import { elapsed, kilnError } from "./limits";
import { projectFiles } from "./project-files";
import { sourceTags } from "./source-tags";
import { buildCss, extractCandidates } from "./tailwind";
import type { BuildError, BuildOptions, BuiltAsset } from "./types";

const JS = contentTypeFor("index.js");

export interface ClientOutput {
  assets: Record<string, BuiltAsset>;
  /** Bundle path → its source map (JSON); kept out of the assets so no visitor is served the app's layout. */
  sourceMaps: Record<string, string>;
  /** The source-tagged build's files that differ from `assets` (its pages and scripts); see source-tags.ts. */
  previewAssets: Record<string, BuiltAsset>;
  /** Milliseconds the tagged build took. */
  sourceTagsMs: number;
  diagnostics: BuildError[];
  tailwindMs: number;
}

export async function buildClient(files: Record<string, string>, options: BuildOptions): Promise<ClientOutput> {
  const html = files["index.html"];
  if (html === undefined)
    return {
      assets: {},
      sourceMaps: {},
      diagnostics: [kilnError("INPUT_NO_INDEX_HTML", "The app has no index.html.", "index.html")],
      tailwindMs: 0,
      previewAssets: {},
      sourceTagsMs: 0,
    };
  const script =
    /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["'][^>]*>\s*<\/script>/i.exec(html) ??
    /<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*\btype=["']module["'][^>]*>\s*<\/script>/i.exec(html);
  if (!script)
    return {
      assets: {},
      sourceMaps: {},
      diagnostics: [
        kilnError("INPUT_NO_ENTRY", 'index.html has no <script type="module" src="…"> entry.', "index.html"),
      ],
      tailwindMs: 0,
      previewAssets: {},
      sourceTagsMs: 0,
    };
  const entry = resolveFile(files, "", script[1]!.replace(/^\.\//, "/"));
  if (!entry)
    return {
      assets: {},
      sourceMaps: {},
      diagnostics: [
        kilnError("INPUT_NO_ENTRY", `index.html's module script ${script[1]} does not exist.`, "index.html"),
      ],
      tailwindMs: 0,
      previewAssets: {},
      sourceTagsMs: 0,
    };

  const cssImports: string[] = [];
  const esbuildOptions = {
    entryPoints: [{ in: entry, out: "index" }],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: options.minify ?? true,
    write: false,
    metafile: true,
    outdir: "/assets",
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    jsx: "automatic",
    jsxImportSource: "react",
    define: {
      "process.env.NODE_ENV": '"production"',
      "import.meta.env.MODE": '"production"',
      "import.meta.env.PROD": "true",
      "import.meta.env.DEV": "false",
      "import.meta.env.SSR": "false",
      "import.meta.env.BASE_URL": '"./"',
    },
    legalComments: "none",
    // "external": maps without a sourceMappingURL comment, positions only (no sources inside).
    sourcemap: "external",
    sourcesContent: false,
  } satisfies Parameters<typeof runBuild>[0];
  const { result, diagnostics } = await runBuild({
    ...esbuildOptions,
    plugins: [projectFiles(files, "client", cssImports)],
  });
  if (!result) return { assets: {}, sourceMaps: {}, diagnostics, tailwindMs: 0, previewAssets: {}, sourceTagsMs: 0 };

  const assets: Record<string, BuiltAsset> = {};
  const sourceMaps: Record<string, string> = {};
  let entryUrl = "";
  for (const out of result.outputFiles!) {
    if (out.path.endsWith(".map")) {
      sourceMaps[out.path.slice(0, -".map".length)] = out.text;
      continue;
    }
    assets[out.path] = {
      body: out.path.endsWith(".js") || out.path.endsWith(".css") ? out.text : out.contents,
      contentType: contentTypeFor(out.path),
    };
    const meta = result.metafile!.outputs[out.path.slice(1)] ?? result.metafile!.outputs[out.path];
    if (meta?.entryPoint) entryUrl = out.path;
  }
  if (!entryUrl) entryUrl = Object.keys(assets).find((p) => /^\/assets\/index-[^/]+\.js$/.test(p)) ?? "";

  // Tailwind: every imported stylesheet, in import order, against the candidates of all sources.
  const t = performance.now();
  let css = "";
  if (cssImports.length) {
    const candidates = extractCandidates(files);
    for (const path of cssImports) {
      const r = await buildCss(path, files[path]!, candidates);
      diagnostics.push(...r.diagnostics);
      css += r.css;
    }
  }
  const tailwindMs = elapsed(t);
  let cssUrl = "";
  if (css) {
    cssUrl = `/assets/index-${await shortHash(css)}.css`;
    assets[cssUrl] = { body: css, contentType: contentTypeFor(cssUrl) };
  }

  for (const [path, text] of Object.entries(vendoredClient.files))
    assets[`/assets/${path}`] = { body: text, contentType: JS };
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith("public/"))
      assets[`/${path.slice("public/".length)}`] = { body: text, contentType: contentTypeFor(path) };
  }
  assets["/index.html"] = {
    body: rewriteHtml(html, script[0], entryUrl, cssUrl),
    contentType: contentTypeFor("index.html"),
  };

  // The same bundle with source tags, for preview hosts only: only its scripts and page differ.
  const previewAssets: Record<string, BuiltAsset> = {};
  const tagged = performance.now();
  if (options.sourceTags !== false) {
    const dev = await runBuild({
      ...esbuildOptions,
      jsxDev: true,
      plugins: [sourceTags(), projectFiles(files, "client", [])],
    });
    if (dev.result) {
      let devEntry = "";
      for (const out of dev.result.outputFiles!) {
        if (out.path.endsWith(".map")) {
          // The tagged scripts' own maps, so a preview's errors name the app's file and line too.
          sourceMaps[out.path.slice(0, -".map".length)] ??= out.text;
          continue;
        }
        if (!out.path.endsWith(".js")) continue;
        const meta = dev.result.metafile!.outputs[out.path.slice(1)] ?? dev.result.metafile!.outputs[out.path];
        if (meta?.entryPoint) devEntry = out.path;
        if (assets[out.path]?.body !== out.text) previewAssets[out.path] = { body: out.text, contentType: JS };
      }
      if (devEntry)
        previewAssets["/index.html"] = {
          body: rewriteHtml(html, script[0], devEntry, cssUrl),
          contentType: contentTypeFor("index.html"),
        };
    } else {
      // The untagged build passed, so this should not happen; the preview then simply has no tags.
      for (const d of dev.diagnostics)
        if (d.severity === "error")
          diagnostics.push({ ...d, severity: "warning", message: `Source tags: ${d.message}` });
    }
  }
  return { assets, sourceMaps, diagnostics, tailwindMs, previewAssets, sourceTagsMs: elapsed(tagged) };
}

/**
 * index.html with the entry script pointing at the bundle, the import map for the vendored
 * packages and the stylesheet. All URLs are relative, so they resolve against the document's
 * <base href> both at a host's root and under /apps/<id>/.
 */
function rewriteHtml(html: string, scriptTag: string, entryUrl: string, cssUrl: string): string {
  const importmap = {
    imports: Object.fromEntries(
      Object.entries(vendoredClient.importmap).map(([spec, path]) => [spec, `./assets/${path}`]),
    ),
  };
  const head = [
    `<script type="importmap">${JSON.stringify(importmap)}</script>`,
    ...(cssUrl ? [`<link rel="stylesheet" crossorigin href=".${cssUrl}">`] : []),
  ].join("\n    ");
  let out = html.replace(scriptTag, `<script type="module" crossorigin src=".${entryUrl}"></script>`);
  // The import map must come before any module script; the head is the natural place.
  const headEnd = out.search(/<\/head>/i);
  const firstModule = out.search(/<script\b[^>]*type=["']module["']/i);
  const at = headEnd >= 0 && (firstModule < 0 || headEnd < firstModule) ? headEnd : firstModule >= 0 ? firstModule : 0;
  out = `${out.slice(0, at)}  ${head}\n  ${out.slice(at)}`;
  return out;
}

async function shortHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let s = "";
  for (const b of digest.subarray(0, 6)) s += b.toString(36).padStart(2, "0");
  return s.toUpperCase().slice(0, 10);
}
