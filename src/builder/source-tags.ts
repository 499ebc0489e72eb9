// Source tags for preview builds. The client bundle is built a second time with esbuild's
// `jsxDev`, which makes every JSX element of the app's own source call
// `jsxDEV(type, props, key, isStatic, { fileName, lineNumber, columnNumber })` (the vendored
// libraries are precompiled, so theirs carry nothing). `react/jsx-dev-runtime` resolves to the
// small module below: it writes the location onto host elements (string types) as
// `data-kiln-src="<file>:<line>:<column>"` and hands over to React's production runtime. The tagged
// bundle is served only on preview hosts (see VersionArtifact.previewAssets); production serves
// the untagged one, so a published page carries no tags.
import type { esbuild } from "./esbuild";

/** The attribute preview pages carry on each element of the app's own JSX: "src/App.tsx:12:7" (1-based). */
export const SOURCE_TAG_ATTRIBUTE = "data-kiln-src";

const NAMESPACE = "kiln-source-tags";

// esbuild names a file by its namespace and path ("app:src/App.tsx"); the tag carries the project path.
const RUNTIME = `import { jsx, jsxs, Fragment } from "react/jsx-runtime";
export { Fragment };
function where(source) {
  var file = String(source.fileName).replace(/^[a-z-]+:/, "").replace(/^\\/+/, "");
  return file + ":" + source.lineNumber + ":" + source.columnNumber;
}
export function jsxDEV(type, props, key, isStatic, source) {
  var tagged = source && source.fileName;
  if (tagged && typeof type === "string") props = Object.assign({}, props, { "${SOURCE_TAG_ATTRIBUTE}": where(source) });
  var element = (isStatic ? jsxs : jsx)(type, props, key);
  // A component's props remember where it is used (not enumerable: spreads and keys never see it),
  // so the preview can tell where a prop's text is written (preview/select.ts).
  if (tagged && typeof type !== "string" && element.props && typeof element.props === "object" && Object.isExtensible(element.props))
    Object.defineProperty(element.props, "__kilnSrc", { value: where(source) });
  return element;
}
`;

/** Resolves `react/jsx-dev-runtime` to the tagging runtime; put it before the project's resolver. */
export function sourceTags(): esbuild.Plugin {
  return {
    name: "kiln-source-tags",
    setup(build) {
      build.onResolve({ filter: /^react\/jsx-dev-runtime$/ }, () => ({
        path: "jsx-dev-runtime",
        namespace: NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
        contents: RUNTIME,
        loader: "js",
        resolveDir: "/",
      }));
    },
  };
}
