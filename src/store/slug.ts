/** Names that would shadow the platform's own hosts if used as `<slug>.<apps-domain>`. */
const RESERVED = new Set(["www", "api", "app", "apps", "admin", "kiln", "localhost", "static", "assets", "mail", "preview"]);

const MAX_LENGTH = 40;

/** A DNS-label-safe slug from a project name: lowercase ASCII letters, digits and single hyphens. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_LENGTH)
    .replace(/-+$/g, "");
  if (!base) return "app";
  return RESERVED.has(base) ? `${base}-app` : base;
}

/** The n-th candidate for a taken slug: `todo`, `todo-2`, `todo-3`, … then a random suffix. */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  const suffix = attempt < 5 ? String(attempt + 1) : crypto.randomUUID().slice(0, 6);
  return `${base.slice(0, MAX_LENGTH - suffix.length - 1)}-${suffix}`;
}
