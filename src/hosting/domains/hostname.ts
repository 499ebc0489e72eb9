import { ApiError } from "../../errors";
import type { Env } from "../../env";

/** The hosts that are Kiln's own (the builder's, PLATFORM_HOSTS, the apps domain), lowercase and without ports. */
export function platformHosts(env: Pick<Env, "PLATFORM_HOSTS" | "APPS_DOMAIN">): string[] {
  return [...(env.PLATFORM_HOSTS ?? "").split(","), env.APPS_DOMAIN ?? ""].map(bareHost).filter(Boolean);
}

/** A host header or setting as a bare hostname: lowercase, no port, no trailing dot. */
export function bareHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const invalid = (message: string) => new ApiError(400, "invalid_hostname", message);
const refused = (message: string) => new ApiError(400, "hostname_not_allowed", message);

/**
 * Checks a hostname someone wants to attach and returns it in the form it is stored in
 * (lowercase, punycode, no trailing dot). `builderHost` is the host the request came to, which is
 * Kiln's own even where PLATFORM_HOSTS is unset.
 */
export function checkCustomHostname(
  input: string,
  env: Pick<Env, "PLATFORM_HOSTS" | "APPS_DOMAIN">,
  builderHost: string,
): string {
  const raw = input.trim();
  const example = "Give just the name, such as shop.example.org.";
  if (!raw) throw invalid(`The hostname is empty. ${example}`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || /[/?#@%\s:\\]/.test(raw))
    throw invalid(
      `"${raw.slice(0, 100)}" is not a hostname: it has a scheme, path, port or other characters that are not part of a name. ${example}`,
    );
  if (raw.includes("*"))
    throw invalid(`"${raw.slice(0, 100)}" is a wildcard; Kiln attaches one hostname at a time. ${example}`);
  let hostname: string;
  try {
    // The URL parser lowercases and turns international names into their punycode form.
    hostname = new URL(`http://${raw}/`).hostname.replace(/\.$/, "");
  } catch {
    throw invalid(`"${raw.slice(0, 100)}" is not a valid hostname. ${example}`);
  }
  if (hostname.length > 253)
    throw invalid(`The hostname is ${hostname.length} characters long; DNS allows at most 253.`);
  const labels = hostname.split(".");
  if (labels.length < 2)
    throw invalid(
      `"${hostname}" has no domain: a custom domain needs at least a name and a top-level domain, such as example.org. ${example}`,
    );
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined)
    throw invalid(
      `"${hostname}" is not a valid hostname: each part between dots must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen ("${bad.slice(0, 70)}" is not).`,
    );
  if (/^\d+$/.test(labels.at(-1)!) || hostname.startsWith("["))
    throw invalid(`"${hostname}" is an IP address; a custom domain must be a name, such as shop.example.org.`);
  if (hostname === "localhost" || hostname.endsWith(".localhost"))
    throw refused(
      `${hostname} is a local name that only ever reaches the machine it is typed on; use a domain you own, such as shop.example.org.`,
    );
  const own = [...platformHosts(env), bareHost(builderHost)];
  const clash = own.find((h) => hostname === h || hostname.endsWith(`.${h}`));
  if (clash) {
    const apps = env.APPS_DOMAIN && bareHost(env.APPS_DOMAIN) === clash;
    throw refused(
      apps
        ? `${hostname} is under this Kiln's apps domain (${clash}), where apps already have their own hosts; use a domain you own.`
        : `${hostname} is one of this Kiln's own hosts (${clash}); use a domain you own.`,
    );
  }
  return hostname;
}

/**
 * Whether a hostname is probably the apex of its domain (example.org rather than shop.example.org).
 * Without the public suffix list this is a guess: two labels, or three under a common two-part suffix.
 */
export function looksLikeApex(hostname: string): boolean {
  const labels = hostname.split(".");
  if (labels.length === 2) return true;
  return labels.length === 3 && /^(co|com|org|net|ac|gov|edu)\.[a-z]{2}$/.test(labels.slice(1).join("."));
}
