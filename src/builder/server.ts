// The server bundle: the app's Worker through esbuild-wasm, with the vendored modules it reaches.
import vendoredServer from "../../dist/vendor/server.js";
import { runBuild, resolveFile } from "./esbuild";
import { projectFiles } from "./project-files";
import type { BuildError, BuiltServer } from "./types";
import { readWranglerConfig } from "./wrangler-config";

export async function buildServer(
  files: Record<string, string>,
): Promise<{ server: BuiltServer | null; diagnostics: BuildError[] }> {
  const config = readWranglerConfig(files);
  const entry = resolveFile(files, "", config.main ?? "worker/index.ts") ?? resolveFile(files, "", "worker/index");
  if (!entry) return { server: null, diagnostics: [] }; // a static-only app
  const { result, diagnostics } = await runBuild({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    target: "es2022",
    minify: false,
    write: false,
    metafile: true,
    outfile: "app.js",
    legalComments: "none",
    plugins: [projectFiles(files, "server", [])],
  });
  if (!result) return { server: null, diagnostics };
  const modules: Record<string, string> = { "app.js": result.outputFiles![0]!.text };
  // The vendored modules app.js reaches (entries and their shared chunks), nothing more.
  const queue = Object.values(result.metafile!.outputs).flatMap((o) =>
    o.imports.filter((i) => i.external && i.path.startsWith("./vendor/")).map((i) => i.path.slice(2)),
  );
  while (queue.length) {
    const name = queue.pop()!;
    if (modules[name] !== undefined) continue;
    const text = vendoredServer.modules[name];
    if (text === undefined) continue;
    modules[name] = text;
    for (const m of text.matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)) queue.push(`vendor/${m[1]}`);
  }
  return {
    server: {
      mainModule: "app.js",
      modules,
      ...(config.compatibilityDate ? { compatibilityDate: config.compatibilityDate } : {}),
      ...(config.compatibilityFlags ? { compatibilityFlags: config.compatibilityFlags } : {}),
    },
    diagnostics,
  };
}
