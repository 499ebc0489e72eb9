import { ApiError } from "../../errors";
import type { Env } from "../../env";
import type { DnsRecord, DomainRow, DomainState, DomainStatus, SslStatus } from "../../store/domains";
import {
  CloudflareApiError,
  DUPLICATE_HOSTNAME,
  HOSTNAME_NOT_FOUND,
  cloudflareClient,
  type CloudflareClient,
  type CustomHostname,
  type SslMethod,
} from "./cloudflare";

/**
 * Who gives a custom domain its route and certificate. On Cloudflare (an API token and the SaaS
 * zone configured) each domain is a custom hostname on that zone; anywhere else the install is
 * local, and a domain is active at once, without a certificate.
 */
export interface DomainProvider {
  name: "local" | "cloudflare";
  attach(hostname: string): Promise<DomainState>;
  /** The domain's state now (Cloudflare: asked afresh; validation records may appear only now). */
  refresh(domain: DomainRow): Promise<DomainState>;
  detach(domain: DomainRow): Promise<void>;
}

type ProviderEnv = Pick<
  Env,
  "CLOUDFLARE_API_TOKEN" | "CUSTOM_DOMAINS_ZONE_ID" | "CUSTOM_DOMAINS_TARGET" | "CUSTOM_DOMAINS_SSL_METHOD"
>;

export function domainProvider(env: ProviderEnv, builderHost: string): DomainProvider {
  if (env.CLOUDFLARE_API_TOKEN && env.CUSTOM_DOMAINS_ZONE_ID) {
    const client = cloudflareClient({ apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CUSTOM_DOMAINS_ZONE_ID });
    return cloudflareProvider(client, {
      target: env.CUSTOM_DOMAINS_TARGET || builderHost,
      method: env.CUSTOM_DOMAINS_SSL_METHOD === "txt" ? "txt" : "http",
    });
  }
  return localProvider(builderHost);
}

/** A local install: no DNS or certificate to wait for; the name only has to reach this machine. */
export function localProvider(builderHost: string): DomainProvider {
  const state = (hostname: string): DomainState => ({
    provider_id: null,
    status: "active",
    ssl_status: "none",
    records: [{ type: "CNAME", name: hostname, value: builderHost, purpose: "routing" }],
    errors: [],
  });
  return {
    name: "local",
    attach: async (hostname) => state(hostname),
    refresh: async (d) => state(d.hostname),
    detach: async () => {},
  };
}

export function cloudflareProvider(
  client: CloudflareClient,
  options: { target: string; method: SslMethod },
): DomainProvider {
  return {
    name: "cloudflare",
    async attach(hostname) {
      let created: CustomHostname;
      try {
        created = await client.create(hostname, options.method);
      } catch (err) {
        // Left on the zone by an earlier attempt (Kiln's own table says nobody else has it): adopt it.
        const existing =
          err instanceof CloudflareApiError && err.has(DUPLICATE_HOSTNAME)
            ? await client.find(hostname).catch(() => null)
            : null;
        if (!existing) throw asApiError(err);
        created = existing;
      }
      return fromCloudflare(created, options.target);
    },
    async refresh(domain) {
      if (!domain.provider_id) return this.attach(domain.hostname);
      try {
        return fromCloudflare(await client.get(domain.provider_id), options.target);
      } catch (err) {
        if (err instanceof CloudflareApiError && (err.status === 404 || err.has(HOSTNAME_NOT_FOUND))) {
          return {
            ...stateOf(domain),
            status: "failed",
            ssl_status: "failed",
            errors: [
              `${domain.hostname} is no longer on Cloudflare (it was deleted there). Remove it here and add it again.`,
            ],
          };
        }
        throw asApiError(err);
      }
    },
    async detach(domain) {
      if (!domain.provider_id) return;
      try {
        await client.remove(domain.provider_id);
      } catch (err) {
        throw asApiError(err);
      }
    },
  };
}

const stateOf = (d: DomainRow): DomainState => ({
  provider_id: d.provider_id,
  status: d.status,
  ssl_status: d.ssl_status,
  records: d.records,
  errors: d.errors,
});

const SSL_FAILED = /timed_out|expired|deleted|inactive/;
const HOSTNAME_FAILED = new Set(["blocked", "moved", "deleted", "pending_deletion", "test_blocked", "test_failed"]);

/** Cloudflare's view of a custom hostname as Kiln shows it: a status, the records to add, and problems in words. */
export function fromCloudflare(h: CustomHostname, target: string): DomainState {
  const sslRaw = h.ssl?.status ?? "initializing";
  const ssl_status: SslStatus = sslRaw === "active" ? "active" : SSL_FAILED.test(sslRaw) ? "failed" : "pending";
  const status: DomainStatus =
    HOSTNAME_FAILED.has(h.status) || ssl_status === "failed"
      ? "failed"
      : h.status === "active" && ssl_status === "active"
        ? "active"
        : "pending";

  const records: DnsRecord[] = [{ type: "CNAME", name: h.hostname, value: target, purpose: "routing" }];
  if (h.ownership_verification?.type === "txt" && h.status !== "active")
    records.push({
      type: "TXT",
      name: h.ownership_verification.name,
      value: h.ownership_verification.value,
      purpose: "ownership",
    });
  for (const r of h.ssl?.validation_records ?? []) {
    if (r.txt_name && r.txt_value)
      records.push({ type: "TXT", name: r.txt_name, value: r.txt_value, purpose: "certificate" });
    if (r.cname && r.cname_target)
      records.push({ type: "CNAME", name: r.cname, value: r.cname_target, purpose: "certificate" });
  }

  const errors: string[] = [];
  if (/timed_out/.test(sslRaw))
    errors.push(
      `The certificate for ${h.hostname} could not be issued in time (${sslRaw.replace(/_/g, " ")}): check that the records below are in place, then remove the domain and add it again.`,
    );
  else if (sslRaw === "expired")
    errors.push(`The certificate for ${h.hostname} expired. Check that the CNAME record still points at ${target}.`);
  else if (ssl_status === "failed")
    errors.push(
      `The certificate for ${h.hostname} is ${sslRaw.replace(/_/g, " ")}. Remove the domain and add it again.`,
    );
  if (HOSTNAME_FAILED.has(h.status))
    errors.push(
      `Cloudflare reports ${h.hostname} as ${h.status.replace(/_/g, " ")}; it cannot be served. Remove it and add it again, or contact this Kiln's operator.`,
    );
  for (const e of h.verification_errors ?? []) errors.push(`Hostname check: ${e}`);
  for (const e of h.ssl?.validation_errors ?? []) errors.push(`Certificate check: ${e.message}`);
  return { provider_id: h.id, status, ssl_status, records, errors };
}

/** Cloudflare's refusals as answers the user can act on; rate limits as 503 with when to retry. */
function asApiError(err: unknown): unknown {
  if (!(err instanceof CloudflareApiError)) return err;
  if (err.status === 429) {
    return new ApiError(
      503,
      "provider_busy",
      `Cloudflare is rate-limiting this Kiln's requests; try again in ${err.retryAfter ?? 60} seconds.`,
      { retryAfter: err.retryAfter ?? 60 },
    );
  }
  if (err.status === 400 || err.status === 409 || err.status === 422) {
    return new ApiError(
      400,
      "hostname_refused",
      `Cloudflare refused this hostname: ${err.errors.map((e) => e.message).join("; ") || "no reason given"}.`,
    );
  }
  return new ApiError(
    502,
    "provider_failed",
    `Cloudflare could not be asked about custom domains just now (${err.message}). Nothing was changed; try again.`,
  );
}
