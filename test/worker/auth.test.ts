import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../src/security/password";
import { call, signUp } from "./helpers";

describe("accounts", () => {
  it("registers with 201, a token and the user, and the token opens /api/me", async () => {
    const res = await call("POST", "/api/auth/register", { body: { email: "Ada@Example.com", password: "correct horse battery" } });
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
    const rows = await env.DB.prepare("SELECT email, password_hash, salt FROM users WHERE email LIKE 'salt%' ORDER BY email").all<{ password_hash: string; salt: string }>();
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
    const ok = await call("POST", "/api/auth/login", { body: { email: "LOGIN@example.com", password: "right password" } });
    expect(ok.status).toBe(200);
    expect(ok.json.user.email).toBe("login@example.com");

    const wrong = await call("POST", "/api/auth/login", { body: { email: "login@example.com", password: "wrong password" } });
    const unknown = await call("POST", "/api/auth/login", { body: { email: "nobody@example.com", password: "wrong password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.message).toBe("Email or password is incorrect.");
  });

  it("answers 409 for a duplicate email, whatever its case", async () => {
    await signUp("dup@example.com");
    const res = await call("POST", "/api/auth/register", { body: { email: "DUP@example.com", password: "another password" } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("email_taken");
  });

  it("answers 400 naming the field for a short password or a bad email", async () => {
    const short = await call("POST", "/api/auth/register", { body: { email: "s@example.com", password: "1234567" } });
    expect(short.status).toBe(400);
    expect(short.json.error.message).toContain("password: must be at least 8 characters");
    expect(short.json.error.details).toEqual([{ path: "password", message: "must be at least 8 characters" }]);

    const email = await call("POST", "/api/auth/register", { body: { email: "not-an-email", password: "long enough" } });
    expect(email.status).toBe(400);
    expect(email.json.error.message).toContain("email:");
  });

  it("refuses /api/me without a token, with a forged one and with an expired one", async () => {
    expect((await call("GET", "/api/me")).status).toBe(401);
    const { token } = await signUp();
    const [h, p] = token.split(".");
    const forged = `${h}.${p}.${"A".repeat(43)}`;
    expect((await call("GET", "/api/me", { token: forged })).status).toBe(401);

    const { sign } = await import("hono/jwt");
    const past = Math.floor(Date.now() / 1000) - 10;
    const expired = await sign({ sub: "x", email: "x@example.com", typ: "session", iat: past - 100, exp: past }, env.PLATFORM_JWT_SECRET!, "HS256");
    const res = await call("GET", "/api/me", { token: expired });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/expired/);
  });
});
