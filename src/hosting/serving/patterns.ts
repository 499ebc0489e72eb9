/** Glob-style path patterns as Cloudflare uses them for run_worker_first, headers and redirects. */

const compiled = new Map<string, RegExp>();

/** `*` matches any characters (including `/`); `:name` matches one path segment. */
export function patternToRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const source = pattern
      .split(/(\*|:[A-Za-z_][A-Za-z0-9_]*)/)
      .map((part) => {
        if (part === "*") return "(?<splat>.*)";
        if (part.startsWith(":")) return `(?<${part.slice(1)}>[^/]+)`;
        return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("");
    re = new RegExp(`^${source}$`);
    compiled.set(pattern, re);
  }
  return re;
}

export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const m = patternToRegExp(pattern).exec(path);
  return m ? { ...m.groups } : null;
}

/** run_worker_first: a boolean, or patterns where a leading `!` excludes (exclusions win). */
export function runsWorkerFirst(rule: boolean | string[], path: string): boolean {
  if (typeof rule === "boolean") return rule;
  let included = false;
  for (const p of rule) {
    if (p.startsWith("!")) {
      if (matchPattern(p.slice(1), path)) return false;
    } else if (matchPattern(p, path)) included = true;
  }
  return included;
}
