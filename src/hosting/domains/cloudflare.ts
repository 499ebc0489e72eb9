import { z } from "zod";

/**
 * Cloudflare for SaaS custom hostnames (`/zones/:zone_id/custom_hostnames`), over fetch with every
 * answer parsed by zod (the official SDK is not among Kiln's dependencies). Answers that say
 * "slow down" (429) or "try again" (5xx) are retried, waiting as long as Retry-After asks, and
 * calls from one isolate are spaced to stay under the account's global API rate limit
 * (1,200 requests per five minutes).
 */

const Message = z.object({ code: z.number(), message: z.string() });
const Envelope = z.object({
  success: z.boolean(),
  errors: z.array(Message).default([]),
  messages: z.array(z.unknown()).default([]),
  result: z.unknown().nullable().optional(),
});

const ValidationRecord = z.object({
  txt_name: z.string().optional(),
  txt_value: z.string().optional(),
  http_url: z.string().optional(),
  http_body: z.string().optional(),
  cname: z.string().optional(),
  cname_target: z.string().optional(),
  emails: z.array(z.string()).optional(),
});

export const CustomHostnameSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  status: z.string(),
  ssl: z
    .object({
      id: z.string().optional(),
      type: z.string().optional(),
      method: z.string().optional(),
      status: z.string(),
      validation_records: z.array(ValidationRecord).optional(),
      validation_errors: z.array(z.object({ message: z.string() })).optional(),
    })
    .nullable()
    .optional(),
  ownership_verification: z.object({ type: z.string(), name: z.string(), value: z.string() }).optional(),
  ownership_verification_http: z.object({ http_url: z.string(), http_body: z.string() }).optional(),
  verification_errors: z.array(z.string()).optional(),
  created_at: z.string().optional(),
});
export type CustomHostname = z.infer<typeof CustomHostnameSchema>;

export type SslMethod = "http" | "txt";

/** A refusal or failure from Cloudflare's API, with its HTTP status and Cloudflare's error codes. */
export class CloudflareApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: { code: number; message: string }[],
    /** Seconds Cloudflare asked to wait, when it answered 429 and the client gave up waiting. */
    readonly retryAfter?: number,
  ) {
    super(`Cloudflare answered ${status}: ${errors.map((e) => `${e.message} (${e.code})`).join("; ") || "no details"}`);
  }
  has(code: number) {
    return this.errors.some((e) => e.code === code);
  }
}

/** Cloudflare's codes for "this hostname already exists on the zone" and "no such custom hostname". */
export const DUPLICATE_HOSTNAME = 1406;
export const HOSTNAME_NOT_FOUND = 1436;

export interface CloudflareClientOptions {
  apiToken: string;
  zoneId: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** How the client waits between attempts (tests pass one that records the waits). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Attempts per call, the first included. */
  attempts?: number;
  /** The longest Retry-After the client waits out; a longer one is reported to the caller. */
  maxWaitMs?: number;
  /** Least time between two calls from this isolate. */
  minIntervalMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** When each API token last called from this isolate (the rate limit is per user, so per token). */
const lastCallAt = new Map<string, number>();

export function cloudflareClient(options: CloudflareClientOptions) {
  const base = (options.baseUrl ?? "https://api.cloudflare.com/client/v4").replace(/\/$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const attempts = options.attempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const minIntervalMs = options.minIntervalMs ?? 250;
  const zonePath = `/zones/${encodeURIComponent(options.zoneId)}/custom_hostnames`;

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const wait = (lastCallAt.get(options.apiToken) ?? 0) + minIntervalMs - now();
      if (wait > 0) await sleep(wait);
      lastCallAt.set(options.apiToken, now());
      const res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.apiToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const parsed = Envelope.safeParse(safeJson(text));
      const errors = parsed.success ? parsed.data.errors : [{ code: 0, message: text.slice(0, 200) || res.statusText }];
      if (res.ok && parsed.success && parsed.data.success) return parsed.data.result;
      if (res.status === 429 || res.status >= 500) {
        const retryAfterMs = retryAfter(res.headers.get("retry-after"), now()) ?? 2 ** attempt * 500;
        if (attempt < attempts && retryAfterMs <= maxWaitMs) {
          await sleep(retryAfterMs);
          continue;
        }
        throw new CloudflareApiError(
          res.status,
          errors,
          res.status === 429 ? Math.ceil(retryAfterMs / 1000) : undefined,
        );
      }
      throw new CloudflareApiError(res.status, errors);
    }
  }

  return {
    async create(hostname: string, method: SslMethod): Promise<CustomHostname> {
      return CustomHostnameSchema.parse(
        await call("POST", zonePath, { hostname, ssl: { method, type: "dv", settings: { min_tls_version: "1.2" } } }),
      );
    },
    async get(id: string): Promise<CustomHostname> {
      return CustomHostnameSchema.parse(await call("GET", `${zonePath}/${encodeURIComponent(id)}`));
    },
    /** The custom hostname with exactly this name, if the zone has one. */
    async find(hostname: string): Promise<CustomHostname | null> {
      const list = z
        .array(CustomHostnameSchema)
        .parse(await call("GET", `${zonePath}?hostname=${encodeURIComponent(hostname)}`));
      return list.find((h) => h.hostname === hostname) ?? null;
    },
    /** Deletes a custom hostname; one that is already gone counts as deleted. */
    async remove(id: string): Promise<void> {
      try {
        await call("DELETE", `${zonePath}/${encodeURIComponent(id)}`);
      } catch (err) {
        if (err instanceof CloudflareApiError && (err.status === 404 || err.has(HOSTNAME_NOT_FOUND))) return;
        throw err;
      }
    },
  };
}

export type CloudflareClient = ReturnType<typeof cloudflareClient>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date. */
function retryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
