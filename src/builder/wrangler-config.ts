/**
 * What Kiln reads of an app's wrangler.jsonc (or wrangler.json): the Worker's entry and runtime
 * for the server bundle, and the asset handling and vars that hosting applies as `wrangler
 * deploy` would. The one JSONC reader of the codebase.
 */
export interface WranglerConfig {
  main?: string;
  compatibilityDate?: string;
  compatibilityFlags?: string[];
  /** The raw `assets` block (hosting validates what it uses of it). */
  assets?: Record<string, unknown>;
  vars?: Record<string, unknown>;
}

/** The project's wrangler config; an absent or unreadable one reads as empty. */
export function readWranglerConfig(files: Record<string, string>): WranglerConfig {
  const text = files["wrangler.jsonc"] ?? files["wrangler.json"];
  if (!text) return {};
  try {
    const c = JSON.parse(stripJsonComments(text)) as {
      main?: string;
      compatibility_date?: string;
      compatibility_flags?: string[];
      assets?: Record<string, unknown>;
      vars?: Record<string, unknown>;
    };
    return {
      main: c.main,
      compatibilityDate: c.compatibility_date,
      compatibilityFlags: c.compatibility_flags,
      assets: c.assets,
      vars: c.vars,
    };
  } catch {
    return {};
  }
}

/** JSONC → JSON: comments and trailing commas out, strings untouched. */
function stripJsonComments(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ""))
    .replace(/,(\s*[}\]])/g, "$1");
}
