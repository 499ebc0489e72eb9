import type { Env } from "../../env";

/**
 * How app hosts are named. Every app is served on a host of the apps domain (`*.localhost:<port>`
 * locally, `*.<APPS_DOMAIN>` in production), never on the builder's own host, so no app page ever
 * runs on the builder's origin. The first label says what the host serves:
 *
 * - `<slug>`: the app's production version;
 * - `apps`: path routes, `/apps/<id>/…` and `/__project/<id>/…` (production too, but one origin
 *   shared by every app served that way, so Kiln shows the `<slug>` host by default);
 * - `<slug>--p<key>`: the live preview, always the newest version, at one origin across versions
 *   so the app's own sign-in survives each edit. `key` is the project's secret preview key;
 * - `<slug>--v<tail><tag>`: one version's preview. `tail` is the end of the version id (to find
 *   it) and `tag` an HMAC of the version id under the preview key (to prove the link was handed
 *   out), so sharing one version's link shares neither the others nor the live preview.
 *
 * Preview hosts cannot be guessed from the slug, and rotating the key changes all of them at once.
 * Slugs are at most 40 characters, so every label fits DNS's 63 (40 + `--` + 21).
 */

/** The label of the host that serves path routes (reserved: no project slug can be `apps`). */
export const PATH_HOST_LABEL = "apps";
export const MAX_LABEL_LENGTH = 63;
/** A preview key: 80 random bits as 20 lowercase hex digits (the migration generates the same form). */
export const PREVIEW_KEY_PATTERN = /^[0-9a-f]{20}$/;
const VERSION_TAIL_LENGTH = 4;
/** 16 base32 characters: 80 bits of the HMAC. */
const VERSION_TAG_LENGTH = 16;
const LIVE_PREVIEW = /^p([0-9a-f]{20})$/;
const VERSION_PREVIEW = /^v([0-9a-z]{4})([a-z2-7]{16})$/;

/** What a request's host is to Kiln. */
export type HostKind =
  | { kind: "platform" }
  | { kind: "paths" }
  | { kind: "production"; slug: string }
  | { kind: "live-preview"; slug: string; key: string }
  | { kind: "version-preview"; slug: string; tail: string; tag: string }
  /** A preview host of no valid form, among them the retired, guessable `<slug>--preview` and `<slug>--<10 characters of the version id>`. */
  | { kind: "unknown-preview" }
  /** A host of the apps domain that names no app: the bare domain, nested labels. */
  | { kind: "none" };

export interface PreviewProject {
  slug: string;
  preview_key: string | null;
}

/** The apps domain (with port) for URLs built while answering `origin`; null where apps have no host of their own. */
export function appsDomain(env: Pick<Env, "APPS_DOMAIN">, origin: string): string | null {
  if (env.APPS_DOMAIN) return env.APPS_DOMAIN.toLowerCase();
  const url = new URL(origin);
  // Locally every `*.localhost` name reaches the same server, whichever loopback name the builder was opened with.
  if (isLocalHostname(url.hostname)) return `localhost${url.port ? `:${url.port}` : ""}`;
  return null;
}

function isLocalHostname(name: string): boolean {
  const hostname = name.replace(/\.$/, "");
  return (
    hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "127.0.0.1" || hostname === "[::1]"
  );
}

function appOrigin(env: Pick<Env, "APPS_DOMAIN">, origin: string, label: string): string | null {
  const domain = appsDomain(env, origin);
  return domain ? `${new URL(origin).protocol}//${label}.${domain}` : null;
}

/**
 * Where the app's production version is served: its active custom domain when it has one (`domain`,
 * with the scheme and port Kiln itself is reached on), else its host on the apps domain, or null
 * when there is no apps domain.
 */
export function productionUrl(
  env: Pick<Env, "APPS_DOMAIN">,
  origin: string,
  project: { slug: string; domain?: string | null },
): string | null {
  if (project.domain) {
    const { protocol, port } = new URL(origin);
    return `${protocol}//${project.domain}${port ? `:${port}` : ""}/`;
  }
  const base = appOrigin(env, origin, project.slug);
  return base && `${base}/`;
}

/** The app's production version under a path route on the shared `apps` host, or null when there is no apps domain. */
export function pathUrl(
  env: Pick<Env, "APPS_DOMAIN">,
  origin: string,
  projectId: string,
  kind: "apps" | "__project" = "apps",
): string | null {
  const base = appOrigin(env, origin, PATH_HOST_LABEL);
  return base && `${base}/${kind}/${encodeURIComponent(projectId)}/`;
}

/** The same path and query on the path-route host: where a path route asked of the builder's host belongs. */
export function pathHostUrl(env: Pick<Env, "APPS_DOMAIN">, url: URL): string | null {
  const base = appOrigin(env, url.origin, PATH_HOST_LABEL);
  return base && `${base}${url.pathname}${url.search}`;
}

/** The project's live preview URL (the newest version), or null where apps have no host of their own. */
export function livePreviewUrl(env: Pick<Env, "APPS_DOMAIN">, origin: string, project: PreviewProject): string | null {
  if (!project.preview_key) return null;
  const base = appOrigin(env, origin, `${project.slug}--p${project.preview_key}`);
  return base && `${base}/`;
}

/** One version's preview URL, or null where apps have no host of their own. */
export async function previewUrl(
  env: Pick<Env, "APPS_DOMAIN">,
  origin: string,
  project: PreviewProject,
  versionId: string,
): Promise<string | null> {
  if (!project.preview_key || !appsDomain(env, origin)) return null;
  const base = appOrigin(
    env,
    origin,
    `${project.slug}--v${versionTail(versionId)}${await versionTag(project.preview_key, versionId)}`,
  );
  return base && `${base}/`;
}

/** The proof in a version's preview host: 80 bits of HMAC-SHA256(preview key, version id), in base32. */
export async function versionTag(previewKey: string, versionId: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(previewKey),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(versionId)));
  return base32(mac).slice(0, VERSION_TAG_LENGTH);
}

/** The end of a version's id, which its preview host carries so the version can be found. */
export const versionTail = (versionId: string) => versionId.slice(-VERSION_TAIL_LENGTH).toLowerCase();

/** The first label of a request host under the apps domain (`todo` of `todo.localhost:8787`), "" for the bare apps domain, null for the platform's own hosts. */
export function appLabel(env: Pick<Env, "APPS_DOMAIN">, hostHeader: string): string | null {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  if (host.endsWith(".localhost")) return host.slice(0, -".localhost".length);
  const domain = env.APPS_DOMAIN?.toLowerCase().replace(/:\d+$/, "");
  if (domain && domain !== "localhost" && host === domain) return "";
  if (domain && host.endsWith(`.${domain}`)) return host.slice(0, -(domain.length + 1));
  return null;
}

/** What a request host serves (see the naming above). */
export function classifyHost(env: Pick<Env, "APPS_DOMAIN">, hostHeader: string): HostKind {
  const label = appLabel(env, hostHeader);
  if (label === null) return { kind: "platform" };
  if (label === PATH_HOST_LABEL) return { kind: "paths" };
  if (!/^[a-z0-9-]{1,63}$/.test(label)) return { kind: "none" };
  const at = label.indexOf("--");
  if (at < 0) return { kind: "production", slug: label };
  const slug = label.slice(0, at);
  const rest = label.slice(at + 2);
  const live = LIVE_PREVIEW.exec(rest);
  if (slug && live) return { kind: "live-preview", slug, key: live[1]! };
  const version = VERSION_PREVIEW.exec(rest);
  if (slug && version) return { kind: "version-preview", slug, tail: version[1]!, tag: version[2]! };
  return { kind: "unknown-preview" };
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}
