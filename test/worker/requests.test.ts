import { describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";

describe("bad requests get clear 4xx errors, never 500", () => {
  it("malformed JSON → 400 malformed_json", async () => {
    const res = await call("POST", "/api/auth/register", { rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("malformed_json");
    expect(res.json.error.message).toMatch(/not valid JSON/);
  });

  it("wrong types → 400 naming each field", async () => {
    const { token } = await signUp();
    const res = await call("POST", "/api/projects", { token, body: { name: 42 } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ path: "name", message: "must be a string" }]);
    const arr = await call("POST", "/api/auth/login", { body: [1, 2] });
    expect(arr.status).toBe(400);
  });

  it("oversized bodies → 413 saying the limit", async () => {
    const res = await call("POST", "/api/auth/register", { body: { email: "big@example.com", password: "x".repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("body_too_large");
    expect(res.json.error.message).toContain("1048576 bytes");
  });

  it("unknown API routes → 404 in the error shape", async () => {
    const res = await call("GET", "/api/nope");
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain("/api/openapi.json");
  });
});

describe("platform endpoints", () => {
  it("health reports every store", async () => {
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, version: "0.1.0", checks: { db: true, r2: true, kv: true } });
  });

  it("publishes an OpenAPI document built from the validating schemas", async () => {
    const res = await call("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/api/auth/register", "/api/auth/login", "/api/me", "/api/projects", "/api/projects/{id}", "/api/health"]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    // The same zod schema that enforces the 8-character minimum documents it.
    expect(doc.components.schemas.Credentials.properties.password.minLength).toBe(8);
    expect(Object.keys(doc.paths["/api/projects/{id}"]).sort()).toEqual(["delete", "get", "patch"]);
  });

  it("serves the builder UI for non-API paths", async () => {
    const res = await call("GET", "/");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div id="root">');
  });
});
