import type { Env } from "../env";

/**
 * Destinations an app must never reach: the platform itself (any *.localhost or its configured
 * hosts), loopback, private and link-local ranges (cloud metadata lives there).
 */
export function isBlockedDestination(url: URL, env: Pick<Env, "PLATFORM_HOSTS" | "APPS_DOMAIN">): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (url.protocol !== "http:" && url.protocol !== "https:") return true;
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const own = [...(env.PLATFORM_HOSTS ?? "").split(","), env.APPS_DOMAIN ?? ""].map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (own.some((h) => host === h || host.endsWith(`.${h}`))) return true;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (host.includes(":")) {
    // IPv6 literals: loopback, unspecified, unique-local, link-local and IPv4-mapped.
    return host === "::1" || host === "::" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith("::ffff:");
  }
  return false;
}
