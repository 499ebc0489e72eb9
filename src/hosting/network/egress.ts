import type { Env } from "../../env";

/**
 * Destinations an app must never reach: the platform itself (any *.localhost or its configured
 * hosts), loopback, private and link-local ranges (cloud metadata lives there).
 */
export function isBlockedDestination(url: URL, env: Pick<Env, "PLATFORM_HOSTS" | "APPS_DOMAIN">): boolean {
  const host = url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (url.protocol !== "http:" && url.protocol !== "https:") return true;
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const own = [...(env.PLATFORM_HOSTS ?? "").split(","), env.APPS_DOMAIN ?? ""]
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (own.some((h) => host === h || host.endsWith(`.${h}`))) return true;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (host.includes(":")) {
    // IPv6 literals: loopback, unspecified, unique-local, link-local and IPv4-mapped.
    return (
      host === "::1" || host === "::" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith("::ffff:")
    );
  }
  return false;
}

/**
 * An app's outbound fetch(). The runtime follows redirects on the caller's side and sends every
 * hop through the app's outbound binding again (with redirect mode "manual"), so each hop of a
 * redirect chain is checked here. `spend` is called once per request sent and throws once the app
 * has used its subrequests. The address a name resolves to is checked by the network the request
 * leaves on: local sandbox processes may connect to public addresses only (see cli/sandbox), and
 * on Cloudflare, Workers cannot connect to private addresses at all.
 */
export async function egressFetch(
  request: Request,
  env: Pick<Env, "PLATFORM_HOSTS" | "APPS_DOMAIN">,
  spend: () => void,
): Promise<Response> {
  // Every attempt counts, as on Cloudflare, refused ones included.
  spend();
  const url = new URL(request.url);
  if (isBlockedDestination(url, env)) {
    return new Response(
      `Kiln's egress policy blocks requests from apps to ${url.hostname}: apps may not reach the platform or private networks.`,
      {
        status: 403,
        headers: { "x-kiln-egress": "blocked" },
      },
    );
  }
  try {
    return await fetch(request, { redirect: "manual" });
  } catch (err) {
    // The runtime reports a refused address only as an internal error; say what may have happened.
    throw new TypeError(
      `fetch to ${url.origin} failed: it could not be reached, or its address is loopback, private or link-local, which apps may not connect to (${(err as Error).message}).`,
    );
  }
}
