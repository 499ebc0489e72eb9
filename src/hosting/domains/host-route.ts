import type { Env } from "../../env";
import { errorPage } from "../serving/error-page";
import { routeByDomain, type AppRoute } from "../serving/routes";
import { bareHost } from "./hostname";

/**
 * What a host that is not an app host is: a custom domain (its project's production), the
 * builder, or — where PLATFORM_HOSTS names the platform's own hosts, as in production — nothing
 * (a 404 page, never the builder UI or API). A local install has no such list and answers as the
 * builder on whatever address it is reached at, unless the host is a custom domain.
 */
export async function platformOrDomain(
  env: Pick<Env, "KV" | "DB" | "PLATFORM_HOSTS">,
  hostHeader: string,
): Promise<{ kind: "domain"; route: AppRoute } | { kind: "builder" } | { kind: "unknown" }> {
  const host = bareHost(hostHeader);
  const listed = (env.PLATFORM_HOSTS ?? "").split(",").map(bareHost).filter(Boolean);
  // Loopback is this machine asking itself (the local launcher and sandbox): always the builder.
  if (listed.includes(host) || LOOPBACK.has(host)) return { kind: "builder" };
  // An IP literal or a one-label name is never a custom domain.
  if (!isAddressOrLocal(host)) {
    const route = await routeByDomain(env, host);
    if (route) return { kind: "domain", route };
  }
  return listed.length > 0 ? { kind: "unknown" } : { kind: "builder" };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isAddressOrLocal(host: string): boolean {
  return host === "localhost" || host.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(host) || !host.includes(".");
}

export function unknownHostPage(): Response {
  return errorPage(
    404,
    "No app here",
    "This address is not connected to any Kiln app. If it is your domain, add it in your project's Settings → Domains and point its DNS at Kiln.",
  );
}
