import type { BuildError } from "../builder/types";

/**
 * Deterministic repairs, tried before a model is asked (docs/architecture.md, The generation pipeline: repair). Today: a name
 * used but never imported (TS2304 "Cannot find name 'X'") is imported from wherever the project
 * exports it — React's hooks, react-router, or a file of the app itself.
 */

const KNOWN: Record<string, string> = {
  useState: "react",
  useEffect: "react",
  useMemo: "react",
  useCallback: "react",
  useRef: "react",
  useContext: "react",
  useReducer: "react",
  useId: "react",
  Fragment: "react",
  Link: "react-router",
  NavLink: "react-router",
  Navigate: "react-router",
  Outlet: "react-router",
  Route: "react-router",
  Routes: "react-router",
  useNavigate: "react-router",
  useParams: "react-router",
  useLocation: "react-router",
  useSearchParams: "react-router",
};

export interface FixResult {
  files: Record<string, string>;
  fixed: string[];
}

export function fixMissingImports(files: Record<string, string>, errors: BuildError[]): FixResult {
  const out = { ...files };
  const fixed: string[] = [];
  const exporters = exportIndex(files);
  for (const e of errors) {
    const name =
      e.code === "TS2304" || e.code === "TS2552"
        ? e.message.match(/Cannot find name '([A-Za-z_$][\w$]*)'/)?.[1]
        : undefined;
    if (!name || !out[e.file] || !/\.(tsx?)$/.test(e.file)) continue;
    const source = out[e.file]!;
    const from = KNOWN[name] ?? relativeImport(e.file, exporters.get(name));
    if (!from || new RegExp(`import[^;]*\\b${name}\\b[^;]*from`).test(source)) continue;
    out[e.file] = addImport(source, name, from);
    fixed.push(`${e.file}: imported ${name} from "${from}"`);
  }
  return { files: out, fixed };
}

/** Which file exports each name (the first one found, for names exported once). */
function exportIndex(files: Record<string, string>): Map<string, string> {
  const index = new Map<string, string>();
  const seen = new Set<string>();
  for (const [path, content] of Object.entries(files)) {
    if (!/^src\/.*\.tsx?$/.test(path)) continue;
    for (const m of content.matchAll(/export\s+(?:function|const|class|let)\s+([A-Za-z_$][\w$]*)/g)) {
      const name = m[1]!;
      if (seen.has(name)) index.delete(name);
      else index.set(name, path);
      seen.add(name);
    }
  }
  return index;
}

function relativeImport(from: string, target: string | undefined): string | undefined {
  if (!target || target === from) return undefined;
  const a = from.split("/").slice(0, -1);
  const b = target.replace(/\.(tsx?)$/, "").split("/");
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const up = a.length - i;
  const rest = b.slice(i).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

function addImport(source: string, name: string, from: string): string {
  // Join an existing import from the same module when there is one.
  const existing = new RegExp(
    `import\\s*\\{([^}]*)\\}\\s*from\\s*["']${from.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}["'];?`,
  );
  const m = source.match(existing);
  if (m)
    return source.replace(
      m[0],
      m[0].replace(
        `{${m[1]}}`,
        `{ ${[
          ...m[1]!
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          name,
        ].join(", ")} }`,
      ),
    );
  const lines = source.split("\n");
  let last = -1;
  lines.forEach((l, i) => /^import\s/.test(l) && (last = i));
  lines.splice(last + 1, 0, `import { ${name} } from "${from}";`);
  return lines.join("\n");
}
