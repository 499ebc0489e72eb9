/** Bindings and settings of the platform Worker (see wrangler.jsonc and README's configuration table). */
export interface Env {
  DB: D1Database;
  CODE: R2Bucket;
  KV: KVNamespace;
  ASSETS: Fetcher;
  LOADER: WorkerLoader;
  /** AppDatabase objects; typed access through hosting/database/app-db.ts (this file names no classes, so nothing imports back). */
  APP_DB: DurableObjectNamespace;
  /** ProjectAgent objects; typed access through projectAgent() in agent/project-agent.ts. */
  PROJECT_AGENT: DurableObjectNamespace;
  /** The nightly clean-up's runner; typed access through maintenanceRunner() in hosting/maintenance-run.ts. */
  MAINTENANCE: DurableObjectNamespace;
  KILN_VERSION: string;
  /** Signs platform session tokens and seals stored secrets. Generated into .dev.vars on first `npm start`. */
  PLATFORM_JWT_SECRET?: string;
  /** The platform secret before the last rotation: sealed secrets still open with it (sessions do not). */
  PLATFORM_JWT_SECRET_PREVIOUS?: string;
  /** Workers AI binding (on Cloudflare; absent locally). */
  AI?: Ai;
  /** The platform's model: see src/ai/config.ts. */
  AI_PROVIDER?: string;
  AI_MODEL?: string;
  AI_BASE_URL?: string;
  AI_API_KEY?: string;
  AI_REASONING_EFFORT?: string;
  CLOUDFLARE_ACCOUNT_ID?: string;
  CLOUDFLARE_API_TOKEN?: string;
  /** The Cloudflare for SaaS zone that holds custom domains; with CLOUDFLARE_API_TOKEN it turns on custom hostnames (else domains are local). */
  CUSTOM_DOMAINS_ZONE_ID?: string;
  /** The host custom domains point their CNAME at (the SaaS zone's fallback origin). */
  CUSTOM_DOMAINS_TARGET?: string;
  /** How Cloudflare validates a custom domain's certificate: "http" (default) or "txt". */
  CUSTOM_DOMAINS_SSL_METHOD?: string;
  /** Largest accepted request body for JSON endpoints, in bytes. */
  MAX_BODY_BYTES?: string;
  /** Largest deploy-API request (asset buckets), in bytes. */
  MAX_UPLOAD_BYTES?: string;
  /** How long a login session lasts. */
  SESSION_TTL_HOURS?: string;
  /** Domain whose subdomains are apps (`<slug>.<APPS_DOMAIN>`); `*.localhost` always works locally. */
  APPS_DOMAIN?: string;
  /** Comma-separated hosts of the platform itself, which apps may never fetch. */
  PLATFORM_HOSTS?: string;
  /** CPU time an app may spend on one request, in milliseconds. */
  APP_CPU_MS?: string;
  /** Versions kept per project by the nightly clean-up (pinned and published ones always stay). */
  RETAIN_VERSIONS?: string;
  /** "true" lets a user's AI settings replay a recorded transcript instead of calling a model (tests, demos). */
  ALLOW_REPLAY_PROVIDER?: string;
  /** "off" stops warming the builder when a workspace opens (api/warm-builder.ts); on by default. */
  BUILDER_WARMUP?: string;
  /** Shared secret of the signed server API; unset turns that API off (503). */
  BUILD_API_SECRET?: string;
  RATE_NEW_BUILDS_PER_HOUR?: string;
  RATE_REBUILDS_PER_HOUR?: string;
  RATE_IP_PER_HOUR?: string;
  /** "true" only where the platform runs behind Cloudflare's edge, which sets cf-connecting-ip itself (see security/client-address.ts). */
  TRUST_CF_CONNECTING_IP?: string;
  /** Subrequests (fetches) an app may make per request. */
  APP_SUBREQUESTS?: string;
  /** The local app sandbox (set by `kiln start`; see hosting/sandbox/host.ts). Unset: apps run in-process. */
  KILN_SANDBOX_URL?: string;
  KILN_SANDBOX_SECRET?: string;
}

export interface SessionUser {
  id: string;
  email: string;
}

/** Hono's environment for every platform route. */
export interface AppEnv {
  Bindings: Env;
  /** `sessionId`: the builder session a request came with (set by requireUser; API-token routes have none). */
  Variables: { user: SessionUser; sessionId: string };
}

export function numberSetting(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
