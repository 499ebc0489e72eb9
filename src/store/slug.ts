/**
 * Names no project may have as `<slug>.<apps-domain>`: `apps` is the host of path routes
 * (`apps.localhost:8787/apps/<id>/`); the others are names a platform or its operator may want for
 * hosts of their own, or that would pass for one (a phishing app at `login.<apps-domain>`).
 */
const RESERVED = new Set([
  "apps",
  "www",
  "api",
  "app",
  "admin",
  "kiln",
  "builder",
  "localhost",
  "static",
  "assets",
  "cdn",
  "mail",
  "preview",
  "auth",
  "login",
  "account",
  "accounts",
  "dashboard",
  "console",
  "status",
  "docs",
  "help",
  "support",
]);

/** At most 40 characters, so that `<slug>--<21 characters>` of a preview host fits a DNS label (63). */
export const MAX_SLUG_LENGTH = 40;

/** A DNS-label-safe slug from a project name: lowercase ASCII letters, digits and single hyphens. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  if (!base) return "app";
  return RESERVED.has(base) ? `${base}-app` : base;
}

/** The n-th candidate for a taken slug: `todo`, `todo-2`, `todo-3`, … then a random suffix. */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  const suffix = attempt < 5 ? String(attempt + 1) : crypto.randomUUID().slice(0, 6);
  // No hyphen may end the cut: `--` in a host separates the slug from a preview's key.
  return `${base.slice(0, MAX_SLUG_LENGTH - suffix.length - 1).replace(/-+$/, "")}-${suffix}`;
}
