import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { addressKey, clientAddress } from "../../src/security/client-address";
import { LOGIN_LIMITS, forgiveLoginFailures, loginAllowed, recordLoginFailure } from "../../src/api/login-throttle";
import { hashPassword, verifyPassword } from "../../src/security/password";
import { checkRates, recordRates } from "../../src/api/rate-limit";
import worker from "../../src/worker";
import { call, signUp } from "./helpers";

describe("accounts", () => {
  it("registers with 201, a token and the user, and the token opens /api/me", async () => {
    const res = await call("POST", "/api/auth/register", {
      body: { email: "Ada@Example.com", password: "correct horse battery" },
    });
    expect(res.status).toBe(201);
    expect(res.json.user.email).toBe("ada@example.com");
    expect(res.json.token.split(".")).toHaveLength(3);
    const me = await call("GET", "/api/me", { token: res.json.token });
    expect(me.status).toBe(200);
    expect(me.json).toEqual(res.json.user);
  });

  it("stores PBKDF2-SHA256 with 100,000 iterations and a per-user salt, never the password", async () => {
    await signUp("salt1@example.com", "same password 1");
    await signUp("salt2@example.com", "same password 1");
    const rows = await env.DB.prepare(
      "SELECT email, password_hash, salt FROM users WHERE email LIKE 'salt%' ORDER BY email",
    ).all<{ password_hash: string; salt: string }>();
    const [a, b] = rows.results;
    expect(a!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]{44}$/);
    expect(a!.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(a!.salt).not.toBe(b!.salt);
    expect(a!.password_hash).not.toBe(b!.password_hash);
    expect(a!.password_hash).not.toContain("same password");
  });

  it("verifies a password only with the right salt and text", async () => {
    const stored = await hashPassword("hunter2hunter2");
    expect(await verifyPassword("hunter2hunter2", stored)).toBe(true);
    expect(await verifyPassword("hunter2hunter3", stored)).toBe(false);
    expect(await verifyPassword("hunter2hunter2", { ...stored, salt: "00".repeat(16) })).toBe(false);
  });

  it("logs in with the right password (any email case) and refuses a wrong one like an unknown email", async () => {
    await signUp("login@example.com", "right password");
    const ok = await call("POST", "/api/auth/login", {
      body: { email: "LOGIN@example.com", password: "right password" },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.user.email).toBe("login@example.com");

    const wrong = await call("POST", "/api/auth/login", {
      body: { email: "login@example.com", password: "wrong password" },
    });
    const unknown = await call("POST", "/api/auth/login", {
      body: { email: "nobody@example.com", password: "wrong password" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.message).toBe("Email or password is incorrect.");
  });

  it("answers 409 for a duplicate email, whatever its case", async () => {
    await signUp("dup@example.com");
    const res = await call("POST", "/api/auth/register", {
      body: { email: "DUP@example.com", password: "another password" },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("email_taken");
  });

  it("answers 400 naming the field for a short password or a bad email", async () => {
    const short = await call("POST", "/api/auth/register", { body: { email: "s@example.com", password: "1234567" } });
    expect(short.status).toBe(400);
    expect(short.json.error.message).toContain("password: must be at least 8 characters");
    expect(short.json.error.details).toEqual([{ path: "password", message: "must be at least 8 characters" }]);

    const email = await call("POST", "/api/auth/register", {
      body: { email: "not-an-email", password: "long enough" },
    });
    expect(email.status).toBe(400);
    expect(email.json.error.message).toContain("email:");
  });

  it("refuses /api/me without a token, with a forged one and with an expired one", async () => {
    expect((await call("GET", "/api/me")).status).toBe(401);
    const { token } = await signUp();
    const [h, p] = token.split(".");
    const forged = `${h}.${p}.${"A".repeat(43)}`;
    expect((await call("GET", "/api/me", { token: forged })).status).toBe(401);

    const past = Math.floor(Date.now() / 1000) - 10;
    const expired = await sign(
      { sub: "x", email: "x@example.com", typ: "session", iat: past - 100, exp: past },
      env.PLATFORM_JWT_SECRET!,
      "HS256",
    );
    const res = await call("GET", "/api/me", { token: expired });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/expired/);
  });
});

/** The cookies a response sets: name → {value, attributes (lower-cased)}. */
function setCookies(headers: Headers) {
  return Object.fromEntries(
    headers.getSetCookie().map((line) => {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair!.indexOf("=");
      return [
        pair!.slice(0, eq),
        { value: decodeURIComponent(pair!.slice(eq + 1)), attrs: attrs.map((a) => a.toLowerCase()), line },
      ];
    }),
  );
}

const OWN = "http://localhost:8787";
const APP = "http://todo.localhost:8787";

/** Signs up and returns the session cookie (as a browser would send it back) and the token. */
async function browserSignUp(email = `cookie${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`) {
  const res = await call("POST", "/api/auth/register", {
    body: { email, password: "correct horse battery" },
    headers: { origin: OWN, "sec-fetch-site": "same-origin" },
  });
  expect(res.status).toBe(201);
  const cookies = setCookies(res.headers);
  return {
    email,
    token: res.json.token as string,
    user: res.json.user,
    cookie: `kiln_session=${cookies.kiln_session!.value}`,
    device: `kiln_device=${encodeURIComponent(cookies.kiln_device!.value)}`,
  };
}

describe("the session cookie", () => {
  it("is set by sign-up and log-in: HttpOnly, SameSite=Strict, Path=/, host-only, the same token as the answer's", async () => {
    const res = await call("POST", "/api/auth/register", {
      body: { email: `attrs${Date.now()}@example.com`, password: "correct horse battery" },
    });
    expect(res.status).toBe(201);
    const session = setCookies(res.headers).kiln_session!;
    expect(session.value).toBe(res.json.token);
    expect(session.attrs).toEqual(
      expect.arrayContaining(["httponly", "samesite=strict", "path=/", `max-age=${168 * 3600}`]),
    );
    expect(session.attrs.some((a) => a.startsWith("domain"))).toBe(false);
    // Plain http (local): it cannot be Secure.
    expect(session.attrs).not.toContain("secure");

    const login = await call("POST", "/api/auth/login", {
      body: { email: res.json.user.email, password: "correct horse battery" },
    });
    expect(login.status).toBe(200);
    expect(setCookies(login.headers).kiln_session!.value).toBe(login.json.token);
  });

  it("is Secure and __Host- prefixed over https, and read back under that name only", async () => {
    const email = `https${Date.now()}@example.com`;
    const res = await exports.default.fetch("https://localhost:8787/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "correct horse battery" }),
    });
    expect(res.status).toBe(201);
    const cookies = setCookies(res.headers);
    expect(cookies.kiln_session).toBeUndefined();
    const session = cookies["__Host-kiln_session"]!;
    expect(session.attrs).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=strict", "path=/"]));
    expect(session.attrs.some((a) => a.startsWith("domain"))).toBe(false);
    const me = (cookie: string) => exports.default.fetch("https://localhost:8787/api/me", { headers: { cookie } });
    expect((await me(`__Host-kiln_session=${session.value}`)).status).toBe(200);
    // A cookie without the prefix could have been planted by a sibling host: not read over https.
    expect((await me(`kiln_session=${session.value}`)).status).toBe(401);
  });

  it("authenticates the builder's own requests: reads with no Origin, writes with its Origin or Sec-Fetch-Site", async () => {
    const { cookie, user } = await browserSignUp();
    const me = await call("GET", "/api/me", { headers: { cookie } });
    expect([me.status, me.json]).toEqual([200, user]);
    const byOrigin = await call("POST", "/api/projects", {
      body: { name: "From my page" },
      headers: { cookie, origin: OWN },
    });
    expect(byOrigin.status).toBe(201);
    const byFetchSite = await call("POST", "/api/projects", {
      body: { name: "Also mine" },
      headers: { cookie, "sec-fetch-site": "same-origin" },
    });
    expect(byFetchSite.status).toBe(201);
    const list = await call("GET", "/api/projects", { headers: { cookie, "sec-fetch-site": "same-origin" } });
    expect(list.json.projects.map((p: { name: string }) => p.name).sort()).toEqual(["Also mine", "From my page"]);
  });

  it("refuses cookie-authenticated writes from another origin (an app host on the same site), while Bearer works", async () => {
    const { cookie, token } = await browserSignUp();
    const attempts: Record<string, string>[] = [
      { origin: APP, "sec-fetch-site": "same-site" },
      { origin: APP },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "null" },
      // No Origin at all: a cookie alone proves nothing about where a write comes from.
      {},
    ];
    for (const headers of attempts) {
      for (const [contentType, body] of [
        ["application/json", JSON.stringify({ name: "Forged" })],
        ["text/plain", JSON.stringify({ name: "Forged" })],
      ] as const) {
        const res = await call("POST", "/api/projects", {
          rawBody: body,
          headers: { ...headers, cookie, "content-type": contentType },
        });
        expect([res.status, res.json.error.code], JSON.stringify(headers)).toEqual([403, "cross_origin"]);
        expect(res.json.error.message).toMatch(/Kiln's own pages.*Authorization: Bearer/);
      }
    }
    const del = await call("DELETE", `/api/auth/sessions/whatever`, { headers: { cookie, origin: APP } });
    expect(del.status).toBe(403);
    // Reads from another site are refused too: nothing but the builder needs the cookie.
    expect((await call("GET", "/api/projects", { headers: { cookie, "sec-fetch-site": "same-site" } })).status).toBe(
      403,
    );
    expect(
      (await call("GET", "/api/auth/session", { headers: { cookie, "sec-fetch-site": "same-site" } })).status,
    ).toBe(403);
    const projects = await call("GET", "/api/projects", { headers: { cookie } });
    expect(projects.json.projects).toEqual([]);

    // The same request with the Bearer token is not cookie-authenticated: no origin check.
    const bearer = await call("POST", "/api/projects", {
      token,
      body: { name: "Via API" },
      headers: { origin: APP, "sec-fetch-site": "same-site", cookie },
    });
    expect(bearer.status).toBe(201);
  });

  it("refuses log-in and sign-up posted from another origin's page (log-in CSRF)", async () => {
    const { user } = await signUp();
    const login = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: "correct horse battery" },
      headers: { origin: APP, "sec-fetch-site": "same-site" },
    });
    expect([login.status, login.json.error.code]).toEqual([403, "cross_origin"]);
    expect(login.headers.getSetCookie()).toEqual([]);
    const register = await call("POST", "/api/auth/register", {
      body: { email: `csrf${Date.now()}@example.com`, password: "correct horse battery" },
      headers: { origin: "https://evil.example" },
    });
    expect(register.status).toBe(403);
  });
});

describe("revocable sessions", () => {
  it("log-out ends the session on the server: its cookie and its token both stop working", async () => {
    const { cookie, token, user } = await browserSignUp();
    expect((await call("GET", "/api/auth/session", { headers: { cookie } })).json).toEqual({ user });
    const out = await call("POST", "/api/auth/logout", { headers: { cookie, origin: OWN } });
    expect(out.status).toBe(204);
    const cleared = setCookies(out.headers).kiln_session!;
    expect([cleared.value, cleared.attrs]).toEqual(["", expect.arrayContaining(["max-age=0", "path=/", "httponly"])]);

    const byCookie = await call("GET", "/api/me", { headers: { cookie } });
    const byToken = await call("GET", "/api/me", { token });
    expect([byCookie.status, byToken.status]).toEqual([401, 401]);
    expect(byToken.json.error.message).toMatch(/session has ended/);
    // A dead cookie is cleared when it is presented.
    expect(setCookies(byCookie.headers).kiln_session?.value).toBe("");
    // The page's "who is signed in?" answers without an error: nobody.
    const after = await call("GET", "/api/auth/session", { headers: { cookie } });
    expect([after.status, after.json]).toEqual([200, { user: null }]);
    expect((await call("GET", "/api/auth/session")).json).toEqual({ user: null });
  });

  it("log-out-all ends every session of the account (other browsers, API clients) and no one else's", async () => {
    const a = await browserSignUp();
    const b = await call("POST", "/api/auth/login", {
      body: { email: a.email, password: "correct horse battery" },
      headers: { "user-agent": "kiln-cli/1.0" },
    });
    const other = await signUp();

    const list = await call("GET", "/api/auth/sessions", { headers: { cookie: a.cookie } });
    expect(list.status).toBe(200);
    expect(list.json.sessions).toHaveLength(2);
    expect(list.json.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(list.json.sessions.map((s: { userAgent: string | null }) => s.userAgent)).toContain("kiln-cli/1.0");
    expect(list.json.sessions[0]).toMatchObject({
      id: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: expect.any(String),
    });

    const all = await call("POST", "/api/auth/logout-all", { token: b.json.token });
    expect([all.status, all.json]).toEqual([200, { ended: 2 }]);
    expect((await call("GET", "/api/me", { headers: { cookie: a.cookie } })).status).toBe(401);
    expect((await call("GET", "/api/me", { token: a.token })).status).toBe(401);
    expect((await call("GET", "/api/me", { token: b.json.token })).status).toBe(401);
    expect((await call("GET", "/api/me", { token: other.token })).status).toBe(200);
  });

  it("ends one chosen session, only the account's own", async () => {
    const a = await browserSignUp();
    const second = await call("POST", "/api/auth/login", {
      body: { email: a.email, password: "correct horse battery" },
    });
    const intruder = await signUp();
    const sessions = (await call("GET", "/api/auth/sessions", { token: second.json.token })).json.sessions as {
      id: string;
      current: boolean;
    }[];
    const firstId = sessions.find((s) => !s.current)!.id;

    expect((await call("DELETE", `/api/auth/sessions/${firstId}`, { token: intruder.token })).status).toBe(404);
    expect((await call("GET", "/api/me", { headers: { cookie: a.cookie } })).status).toBe(200);
    expect((await call("DELETE", `/api/auth/sessions/${firstId}`, { token: second.json.token })).status).toBe(204);
    expect((await call("GET", "/api/me", { headers: { cookie: a.cookie } })).status).toBe(401);
    expect((await call("GET", "/api/me", { token: second.json.token })).status).toBe(200);
  });

  it("stops a deleted account's sessions on every route, not only /api/me", async () => {
    const { token, user } = await signUp();
    expect((await call("GET", "/api/projects", { token })).status).toBe(200);
    await env.DB.prepare("DELETE FROM users WHERE id = ?").bind(user.id).run();
    const res = await call("GET", "/api/projects", { token });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/no longer exists/);
  });

  it("refuses a well-signed token that names no session (nothing could revoke it)", async () => {
    const { user } = await signUp();
    const now = Math.floor(Date.now() / 1000);
    const legacy = await sign(
      { sub: user.id, email: user.email, typ: "session", iat: now, exp: now + 3600 },
      env.PLATFORM_JWT_SECRET!,
      "HS256",
    );
    expect((await call("GET", "/api/me", { token: legacy })).status).toBe(401);
    const unknownSid = await sign(
      { sub: user.id, email: user.email, sid: "f".repeat(32), typ: "session", iat: now, exp: now + 3600 },
      env.PLATFORM_JWT_SECRET!,
      "HS256",
    );
    expect((await call("GET", "/api/me", { token: unknownSid })).status).toBe(401);
  });

  it("refreshes last-used at most every five minutes", async () => {
    const { token } = await signUp();
    const id = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid as string;
    const last_used_at = (await env.DB.prepare("SELECT last_used_at FROM sessions WHERE id = ?")
      .bind(id)
      .first<number>("last_used_at"))!;
    await call("GET", "/api/me", { token });
    const after = await env.DB.prepare("SELECT last_used_at FROM sessions WHERE id = ?")
      .bind(id)
      .first<number>("last_used_at");
    expect(after).toBe(last_used_at);
    await env.DB.prepare("UPDATE sessions SET last_used_at = last_used_at - 6 * 60000 WHERE id = ?").bind(id).run();
    await call("GET", "/api/me", { token });
    const touched = await env.DB.prepare("SELECT last_used_at FROM sessions WHERE id = ?")
      .bind(id)
      .first<number>("last_used_at");
    expect(touched).toBeGreaterThan(last_used_at - 6 * 60000);
  });
});

/** Calls the Worker with settings of its own (e.g. as if behind Cloudflare's edge). */
async function callWith(
  settings: Record<string, string>,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://localhost:8787${path}`, {
      method,
      headers: { "content-type": "application/json", ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }) as any,
    { ...env, ...settings } as any,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

const EDGE = { TRUST_CF_CONNECTING_IP: "true" };
const PASSWORD = "correct horse battery";

describe("the log-in throttle", () => {
  it("slows failures against one account with 429, Retry-After and when to come back; spoofed addresses change nothing locally; the window releases", async () => {
    const victim = await browserSignUp();
    // A stranger fails on purpose, claiming a new cf-connecting-ip each time; locally the header is not trusted.
    for (let i = 0; i < LOGIN_LIMITS.account.limit; i++) {
      const res = await call("POST", "/api/auth/login", {
        body: { email: victim.email, password: `wrong guess ${i}` },
        headers: { "cf-connecting-ip": `203.0.113.${i}` },
      });
      expect(res.status).toBe(401);
    }
    const blocked = await call("POST", "/api/auth/login", {
      body: { email: victim.email.toUpperCase(), password: PASSWORD },
      headers: { "cf-connecting-ip": "198.51.100.1" },
    });
    expect([blocked.status, blocked.json.error.code]).toEqual([429, "too_many_attempts"]);
    const wait = Number(blocked.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(240);
    expect(wait).toBeLessThanOrEqual(LOGIN_LIMITS.account.windowMs / 1000);
    expect(blocked.json.error.message).toBe(
      `Too many failed log-ins for this account. Try again in ${Math.ceil(wait / 60)} minutes.`,
    );
    const spoofed = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM rate_events WHERE bucket LIKE 'login:pair:%' OR bucket LIKE 'login:addr:%'",
    ).first<number>("n");
    expect(spoofed).toBe(0);

    // The owner, in the browser they signed up with, is not held back by strangers' failures.
    const owner = await call("POST", "/api/auth/login", {
      body: { email: victim.email, password: PASSWORD },
      headers: { cookie: victim.device },
    });
    expect(owner.status).toBe(200);

    // Five minutes later (the events moved back in time), anyone with the password gets in.
    await env.DB.prepare("UPDATE rate_events SET at = at - ? WHERE bucket = ?")
      .bind(LOGIN_LIMITS.account.windowMs, `login:acct:${victim.email}`)
      .run();
    expect((await call("POST", "/api/auth/login", { body: { email: victim.email, password: PASSWORD } })).status).toBe(
      200,
    );
  });

  it("counts per (account, address) behind Cloudflare's edge: the failing address waits, the owner elsewhere does not", async () => {
    const { user } = await signUp();
    const attacker = { "cf-connecting-ip": "203.0.113.77" };
    for (let i = 0; i < LOGIN_LIMITS.pair.limit; i++) {
      expect(
        (
          await callWith(EDGE, "POST", "/api/auth/login", {
            body: { email: user.email, password: `wrong password ${i}` },
            headers: attacker,
          })
        ).status,
      ).toBe(401);
    }
    const blocked = await callWith(EDGE, "POST", "/api/auth/login", {
      body: { email: user.email, password: PASSWORD },
      headers: attacker,
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(LOGIN_LIMITS.account.windowMs / 1000);
    expect(blocked.json.error.message).toMatch(
      /^Too many failed log-ins for this account\. Try again in 15 minutes\.$/,
    );
    // The account's owner at another address logs in; the attacker may still try other accounts.
    expect(
      (
        await callWith(EDGE, "POST", "/api/auth/login", {
          body: { email: user.email, password: PASSWORD },
          headers: { "cf-connecting-ip": "2001:db8:1:2::5" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await callWith(EDGE, "POST", "/api/auth/login", {
          body: { email: `nobody${Date.now()}@example.com`, password: PASSWORD },
          headers: attacker,
        })
      ).status,
    ).toBe(401);
  });
});

describe("the throttle's windows, driven by the clock", () => {
  const t0 = 1_900_000_000_000;
  const fresh = () => `t${crypto.randomUUID().slice(0, 8)}@example.com`;

  it("holds back one (account, address) pair for at most its window, and no other pair", async () => {
    const attempt = { email: fresh(), address: "203.0.113.10", device: null };
    for (let i = 0; i < 5; i++) await recordLoginFailure(env.DB, attempt, t0 + i * 1000);
    expect(await loginAllowed(env.DB, attempt, t0 + 10_000)).toEqual({
      ok: false,
      retryAfterSeconds: 890,
      bucket: `login:pair:203.0.113.10|${attempt.email}`,
    });
    expect((await loginAllowed(env.DB, { ...attempt, address: "198.51.100.10" }, t0 + 10_000)).ok).toBe(true);
    // Once the oldest failure is 15 minutes old, there is room again.
    expect((await loginAllowed(env.DB, attempt, t0 + LOGIN_LIMITS.pair.windowMs + 1)).ok).toBe(true);
  });

  it("caps one address across many accounts, and an account across many addresses for five minutes at most", async () => {
    for (let i = 0; i < LOGIN_LIMITS.address.limit; i++)
      await recordLoginFailure(env.DB, { email: fresh(), address: "203.0.113.20", device: null }, t0 + i);
    const spraying = await loginAllowed(env.DB, { email: fresh(), address: "203.0.113.20", device: null }, t0 + 1000);
    expect(spraying).toMatchObject({ ok: false, bucket: "login:addr:203.0.113.20" });

    const email = fresh();
    for (let i = 0; i < LOGIN_LIMITS.account.limit; i++)
      await recordLoginFailure(env.DB, { email, address: `198.51.100.${i}`, device: null }, t0 + i);
    const spread = await loginAllowed(env.DB, { email, address: "192.0.2.1", device: null }, t0 + 1000);
    expect(spread).toEqual({ ok: false, retryAfterSeconds: 299, bucket: `login:acct:${email}` });
    // A browser the owner logged in from before has its own allowance.
    expect((await loginAllowed(env.DB, { email, address: "192.0.2.1", device: "owner-device" }, t0 + 1000)).ok).toBe(
      true,
    );
    expect(
      (await loginAllowed(env.DB, { email, address: "192.0.2.1", device: null }, t0 + LOGIN_LIMITS.account.windowMs))
        .ok,
    ).toBe(true);
  });

  it("forgives a pair's failures after its log-in succeeds, not the account-wide count", async () => {
    const attempt = { email: fresh(), address: "203.0.113.30", device: null };
    for (let i = 0; i < 4; i++) await recordLoginFailure(env.DB, attempt, t0 + i);
    await forgiveLoginFailures(env.DB, attempt);
    const counts = await env.DB.prepare(
      "SELECT bucket, COUNT(*) AS n FROM rate_events WHERE bucket LIKE ? GROUP BY bucket",
    )
      .bind(`%${attempt.email}`)
      .all<{ bucket: string; n: number }>();
    expect(counts.results).toEqual([{ bucket: `login:acct:${attempt.email}`, n: 4 }]);
  });

  it("waits until the limit-th newest event leaves the window, not the oldest", async () => {
    const rule = { bucket: `test:${crypto.randomUUID()}`, limit: 2, windowMs: 60_000 };
    for (const at of [0, 10_000, 20_000]) await recordRates(env.DB, [rule], t0 + at);
    expect(await checkRates(env.DB, [rule], t0 + 25_000)).toEqual({
      ok: false,
      retryAfterSeconds: 45,
      bucket: rule.bucket,
    });
    expect((await checkRates(env.DB, [rule], t0 + 70_001)).ok).toBe(true);
  });
});

describe("the client address", () => {
  const req = (ip?: string) => new Request("http://localhost:8787/", { headers: ip ? { "cf-connecting-ip": ip } : {} });

  it("ignores cf-connecting-ip unless the platform is behind Cloudflare's edge", () => {
    expect(clientAddress(req("203.0.113.5"), {})).toBeNull();
    expect(clientAddress(req("203.0.113.5"), { TRUST_CF_CONNECTING_IP: "1" })).toBeNull();
    expect(clientAddress(req("203.0.113.5"), EDGE)).toBe("203.0.113.5");
    expect(clientAddress(req(), EDGE)).toBeNull();
  });

  it("keys IPv6 clients by their /64, IPv4-mapped ones as IPv4, and refuses what is not an address", () => {
    expect(addressKey("2001:db8:aa:bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(addressKey("2001:DB8:AA:BB::9")).toBe("2001:db8:aa:bb::/64");
    expect(addressKey("::ffff:198.51.100.3")).toBe("198.51.100.3");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    for (const bad of ["", "local", "1.2.3.256", "1::2::3", "12345::1", "203.0.113.5, 10.0.0.1"])
      expect(addressKey(bad), bad).toBeNull();
  });
});
