import type { Env } from "../../env";
import { appRouteByDomain, appRouteById, appRouteBySlug, type AppRouteRow } from "../../store/app-routes";

/**
 * Which project and version answer a request. The host → project map lives in KV (custom
 * domains land there too); the production pointer in D1. Both are cached briefly per isolate,
 * and a publish in this isolate clears its cache at once.
 */

const CACHE_MS = 2000;
const cache = new Map<string, { value: unknown; expires: number; projectId?: string }>();

async function cached<T>(key: string, load: () => Promise<T>, projectIdOf: (v: T) => string | undefined): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.expires > Date.now()) return hit.value as T;
  const value = await load();
  cache.set(key, { value, expires: Date.now() + CACHE_MS, projectId: projectIdOf(value) });
  if (cache.size > 10_000) cache.clear();
  return value;
}

export function forgetRoutes(projectId: string) {
  for (const [key, entry] of cache) if (entry.projectId === projectId || key.endsWith(projectId)) cache.delete(key);
}

export async function writeHostRoute(kv: KVNamespace, slug: string, projectId: string) {
  await kv.put(`host:${slug}`, projectId);
}

export async function deleteHostRoute(kv: KVNamespace, slug: string) {
  await kv.delete(`host:${slug}`);
  cache.delete(`host:${slug}`);
}

/** A custom domain's entry in the host map (hostnames have dots, slugs never do, so the keys cannot meet). */
export async function writeDomainRoute(kv: KVNamespace, hostname: string, projectId: string) {
  await kv.put(`host:${hostname}`, projectId);
  cache.delete(`domain:${hostname}`);
}

export async function deleteDomainRoute(kv: KVNamespace, hostname: string) {
  await kv.delete(`host:${hostname}`);
  cache.delete(`domain:${hostname}`);
}

/**
 * The project an active custom domain serves. KV answers for every host, so an unknown host costs
 * no D1 query; D1 confirms, so a domain removed elsewhere stops at once even before KV catches up.
 */
export function routeByDomain(env: Pick<Env, "KV" | "DB">, hostname: string): Promise<AppRoute | null> {
  return cached(
    `domain:${hostname}`,
    async () => {
      const projectId = await env.KV.get(`host:${hostname}`);
      if (!projectId) return null;
      const row = await appRouteByDomain(env.DB, hostname, projectId);
      return row ? toRoute(row) : null;
    },
    (r) => r?.projectId,
  );
}

export interface AppRoute {
  projectId: string;
  slug: string;
  productionVersionId: string | null;
  /** Bumped by every change to the app's variables or secrets. */
  envRevision: number;
  /** The secret in the project's preview hosts (a rotation clears this isolate's cache at once; others within seconds). */
  previewKey: string | null;
}

/** The project behind a slug (KV first, D1 as the source of truth). */
export function routeBySlug(env: Pick<Env, "KV" | "DB">, slug: string): Promise<AppRoute | null> {
  return cached(
    `host:${slug}`,
    async () => {
      const projectId = await env.KV.get(`host:${slug}`);
      const row = projectId ? await appRouteById(env.DB, projectId) : await appRouteBySlug(env.DB, slug);
      return row ? toRoute(row) : null;
    },
    (r) => r?.projectId,
  );
}

export function routeById(env: Pick<Env, "DB">, projectId: string): Promise<AppRoute | null> {
  return cached(
    `id:${projectId}`,
    async () => {
      const row = await appRouteById(env.DB, projectId);
      return row ? toRoute(row) : null;
    },
    (r) => r?.projectId,
  );
}

const toRoute = (row: AppRouteRow): AppRoute => ({
  projectId: row.id,
  slug: row.slug,
  productionVersionId: row.production_version_id,
  envRevision: row.env_revision,
  previewKey: row.preview_key,
});
