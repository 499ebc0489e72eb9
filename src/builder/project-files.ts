import vendoredClient from "../../dist/vendor/client.js";
import vendoredServer from "../../dist/vendor/server.js";
import { loaderFor, resolveFile, type esbuild } from "./esbuild";

/** Packages an app's browser code may import (the import map's keys). */
export const CLIENT_PACKAGES = Object.keys(vendoredClient.importmap);
/** Packages an app's Worker may import. */
export const SERVER_PACKAGES = Object.keys(vendoredServer.imports);

/**
 * Resolves imports against the project's files and the vendored packages, and nothing else:
 * there is no node_modules, so any other bare import is an error that names the import.
 */
export function projectFiles(
  files: Record<string, string>,
  side: "client" | "server",
  cssImports: string[],
): esbuild.Plugin {
  const available = side === "client" ? CLIENT_PACKAGES : SERVER_PACKAGES;
  return {
    name: "kiln-project",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: args.path, namespace: "app" };
        const spec = args.path.replace(/[?#].*$/, "");
        const fromDir = args.importer.includes("/") ? args.importer.slice(0, args.importer.lastIndexOf("/")) : "";
        if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("@/") || spec.startsWith("~/")) {
          const target = spec.startsWith("@/") || spec.startsWith("~/") ? `/src/${spec.slice(2)}` : spec;
          const path = resolveFile(files, fromDir, target);
          if (path) return { path, namespace: "app" };
          return { errors: [{ text: `Could not resolve "${args.path}": no such file in the project` }] };
        }
        if (side === "server" && (spec.startsWith("cloudflare:") || spec.startsWith("node:")))
          return { path: spec, external: true };
        if (side === "client" && spec in vendoredClient.importmap) return { path: spec, external: true };
        if (side === "server" && spec in vendoredServer.imports)
          return { path: `./${vendoredServer.imports[spec]}`, external: true };
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        const offer = available.filter((a) => a === pkg || a.startsWith(`${pkg}/`));
        const hint = offer.length
          ? `"${pkg}" is available only as: ${offer.join(", ")}`
          : `"${pkg}" is not a package Kiln provides to ${side === "client" ? "browser" : "Worker"} code (available: ${[...new Set(available.map((a) => a.split("/")[0]))].join(", ")})`;
        return { errors: [{ text: `Could not resolve "${args.path}": ${hint}` }] };
      });
      build.onLoad({ filter: /.*/, namespace: "app" }, (args) => {
        const text = files[args.path]!;
        const resolveDir = args.path.includes("/") ? `/${args.path.slice(0, args.path.lastIndexOf("/"))}` : "/";
        if (args.path.endsWith(".css")) {
          if (side === "client" && !cssImports.includes(args.path)) cssImports.push(args.path);
          return { contents: "", loader: "js", resolveDir };
        }
        return { contents: text, loader: loaderFor(args.path), resolveDir };
      });
    },
  };
}
