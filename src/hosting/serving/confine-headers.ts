/**
 * Response headers that would let an app act beyond its own origin. Header rules (the deploy
 * config's `headers.rules`) may not set them: the deploy is refused with a 400 naming the rule.
 * Every response served for an app, from its assets or its Worker, passes through
 * confineResponse(): these headers are dropped, and cookies are kept to the app's own host (and,
 * on the shared path-route host, to the app's own path).
 *
 * Left alone on purpose, because they act on the app's own origin only: Clear-Site-Data, CORS,
 * Content-Security-Policy, the Cross-Origin-* policies, Permissions-Policy, Referrer-Policy.
 */
const FORBIDDEN: Record<string, string> = {
  "service-worker-allowed":
    "it lets a service worker take over pages outside the folder of its script (on the shared apps host, other apps' pages)",
  "set-cookie":
    "a header rule cannot keep a cookie to the app's own host; set cookies from the app's Worker instead, where Kiln makes them host-only",
  "strict-transport-security":
    "it binds the whole host (and with includeSubDomains every host under it) to HTTPS long after the response; that is the platform's choice for app hosts",
  "alt-svc":
    "it moves the whole host's traffic to another server or port for as long as it says; that is the platform's choice for app hosts",
  nel: "network error logging covers every request to the host (on the shared apps host, other apps' requests) for as long as its max_age, and reports them elsewhere",
};

/** Headers dropped from every app response (cookies are rewritten instead). */
const STRIPPED = Object.keys(FORBIDDEN).filter((name) => name !== "set-cookie");

/** RFC 9110 token characters: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why a header rule may not set this header, or null when it may. */
export function setHeaderProblem(pattern: string, name: string, value: string): string | null {
  if (!TOKEN.test(name))
    return `the rule for "${pattern}" names a header "${name}", which is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`;
  const reason = FORBIDDEN[name.toLowerCase()];
  if (reason) return `the rule for "${pattern}" may not set ${name}: ${reason}. Remove it from the rule.`;
  if (/[\r\n\0]/.test(value))
    return `the rule for "${pattern}" gives ${name} a value with a line break or NUL; header values are one line.`;
  return null;
}

export function unsetHeaderProblem(pattern: string, name: string): string | null {
  return TOKEN.test(name) ? null : `the rule for "${pattern}" unsets "${name}", which is not a valid header name`;
}

/**
 * Keeps an app's response to its own origin: drops the forbidden headers and makes every cookie
 * host-only (no Domain attribute: `Domain=localhost` or the apps domain would reach the builder or
 * other apps). Under a path route (`basePath` = `/apps/<id>`) a cookie's Path is moved under the
 * prefix, as the app's own root is there: app A's `Path=/` cookie must not reach app B's requests.
 */
export function confineResponse(headers: Headers, basePath: string): void {
  for (const name of STRIPPED) headers.delete(name);
  const cookies = headers.getSetCookie();
  if (cookies.length === 0) return;
  headers.delete("set-cookie");
  for (const cookie of cookies) headers.append("set-cookie", confineCookie(cookie, basePath));
}

function confineCookie(cookie: string, basePath: string): string {
  const [pair, ...attributes] = cookie.split(";");
  const kept: string[] = [pair!.trim()];
  for (const raw of attributes) {
    const attribute = raw.trim();
    const name = attribute.split("=", 1)[0]!.trim().toLowerCase();
    if (name === "domain") continue;
    if (name === "path" && basePath) {
      const value = attribute.slice(attribute.indexOf("=") + 1).trim();
      kept.push(`Path=${basePath}${value.startsWith("/") ? value : "/"}`);
      continue;
    }
    if (attribute) kept.push(attribute);
  }
  // Without a Path the browser scopes a cookie to the request's folder, which is under the prefix already.
  return kept.join("; ");
}
