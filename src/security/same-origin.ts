/**
 * Cross-site request forgery guard for the builder's session cookie.
 *
 * The cookie is SameSite=Strict, but SameSite is about sites, not origins: an app at
 * `todo.localhost:8787` (or `todo.apps.example.com`) is the same site as the builder, so the
 * browser sends the builder's cookie along with the app's requests. What tells them apart is the
 * origin, which the browser states in `Origin` and summarises in `Sec-Fetch-Site`; pages cannot
 * forge either. Unlike Hono's csrf middleware, this refuses every content type (a JSON body
 * needs no form to be sent cross-origin as text/plain), and it refuses reads from other sites too:
 * nothing but the builder's own pages has any use for the cookie.
 */
export type OriginVerdict = { ok: true } | { ok: false; message: string };

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheck {
  method: string;
  url: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

/**
 * `credentialed`: the request is authenticated by the cookie, so an unsafe one must prove it comes
 * from the builder's own origin. Otherwise (log-in, sign-up) only a browser that says it is
 * another origin is refused; API clients send neither header.
 */
export function checkSameOrigin(req: OriginCheck, credentialed: boolean): OriginVerdict {
  const own = new URL(req.url).origin;
  const site = req.secFetchSite?.toLowerCase();
  const refuse = (from: string): OriginVerdict => ({
    ok: false,
    message: `This request comes from ${from}, not from Kiln's own pages (${own}), so it may not use Kiln's session cookie. API clients send Authorization: Bearer <token> instead.`,
  });
  if (site === "cross-site" || site === "same-site")
    return refuse(
      req.origin
        ? `another origin (${req.origin})`
        : `another ${site === "same-site" ? "origin on the same site" : "site"}`,
    );
  if (req.origin !== undefined && req.origin !== own) return refuse(`another origin (${req.origin})`);
  if (SAFE.has(req.method.toUpperCase()) || !credentialed) return { ok: true };
  if (req.origin === own || site === "same-origin") return { ok: true };
  return {
    ok: false,
    message: `A ${req.method} authenticated by Kiln's session cookie must come from Kiln's own pages: the browser's Origin header (${own}) is missing. API clients send Authorization: Bearer <token> instead.`,
  };
}
