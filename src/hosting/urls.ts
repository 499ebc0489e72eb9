import type { Env } from "../env";

/**
 * How app hosts are named: `<slug>.<apps-domain>` for production, `<slug>--<suffix>.<apps-domain>`
 * for a version's preview, and `<slug>--preview.<apps-domain>` for the newest version (the
 * workspace's preview: one origin across versions, so the app's own sign-in survives each edit).
 */

export const PREVIEW_SUFFIX_LENGTH = 10;
/** The suffix of the live preview host (a version suffix is 10 characters, so they never meet). */
export const LIVE_PREVIEW_SUFFIX = "preview";
export const previewLabel = (slug: string, versionId: string) => `${slug}--${versionId.slice(-PREVIEW_SUFFIX_LENGTH).toLowerCase()}`;

/** The apps domain (with port) for URLs built while answering `origin`. */
export function appsDomain(env: Pick<Env, "APPS_DOMAIN">, origin: string): string | null {
  if (env.APPS_DOMAIN) return env.APPS_DOMAIN;
  const url = new URL(origin);
  if (url.hostname === "localhost" || url.hostname.endsWith(".localhost")) return `localhost${url.port ? `:${url.port}` : ""}`;
  return null;
}

export function productionUrl(env: Pick<Env, "APPS_DOMAIN">, origin: string, project: { id: string; slug: string }): string {
  const domain = appsDomain(env, origin);
  const proto = new URL(origin).protocol;
  return domain ? `${proto}//${project.slug}.${domain}/` : `${new URL(origin).origin}/apps/${project.id}/`;
}

export function previewUrl(env: Pick<Env, "APPS_DOMAIN">, origin: string, project: { id: string; slug: string }, versionId: string): string {
  const domain = appsDomain(env, origin);
  const proto = new URL(origin).protocol;
  return domain ? `${proto}//${previewLabel(project.slug, versionId)}.${domain}/` : `${new URL(origin).origin}/apps/${project.id}/`;
}

/** The project's live preview URL (the newest version), or null where apps have no subdomains. */
export function livePreviewUrl(env: Pick<Env, "APPS_DOMAIN">, origin: string, project: { slug: string }): string | null {
  const domain = appsDomain(env, origin);
  return domain ? `${new URL(origin).protocol}//${project.slug}--${LIVE_PREVIEW_SUFFIX}.${domain}/` : null;
}

/** The app label of a request host (`todo` of `todo.localhost:8787`), or null for the platform's own hosts. */
export function appLabel(env: Pick<Env, "APPS_DOMAIN">, hostHeader: string): string | null {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, "");
  if (host.endsWith(".localhost")) return host.slice(0, -".localhost".length) || null;
  const domain = env.APPS_DOMAIN?.toLowerCase().replace(/:\d+$/, "");
  if (domain && host.endsWith(`.${domain}`)) return host.slice(0, -(domain.length + 1)) || null;
  return null;
}
