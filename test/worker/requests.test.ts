import { describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";

describe("bad requests get clear 4xx errors, never 500", () => {
  it("malformed JSON → 400 malformed_json", async () => {
    const res = await call("POST", "/api/auth/register", {
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
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
    const res = await call("POST", "/api/auth/register", {
      body: { email: "big@example.com", password: "x".repeat(2 * 1024 * 1024) },
    });
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

describe("bad input where it enters: 400s that say what is wrong", () => {
  async function owner() {
    const { token } = await signUp();
    const project = (await call("POST", "/api/projects", { token, body: { name: "Inputs" } })).json.project;
    return { token, id: project.id as string };
  }

  it("file paths with a malformed %-escape", async () => {
    const { token, id } = await owner();
    for (const path of ["src/%zz.ts", "src/%E2%82.ts", "%ED%A0%80", "%"]) {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const res = await call(method, `/api/projects/${id}/files/${path}`, {
          token,
          ...(method === "PUT" ? { body: { content: "x" } } : {}),
        });
        expect([res.status, res.json?.error?.code], `${method} ${path}`).toEqual([400, "invalid_path"]);
        expect(res.json.error.message).toContain("malformed %-escape");
      }
    }
    // A well-formed escape still names its file.
    expect(
      (await call("PUT", `/api/projects/${id}/files/src/a%20b.ts`, { token, body: { content: "x" } })).json.path,
    ).toBe("src/a b.ts");
  });

  it("bodies that are not objects, or have the wrong types, on routes whose body is optional", async () => {
    const { token, id } = await owner();
    const version = "01J00000000000000000000000";
    for (const [path, raw] of [
      [`/api/projects/${id}/versions/${version}/pin`, "null"],
      [`/api/projects/${id}/versions/${version}/pin`, '{"pinned": "yes"}'],
      [`/api/projects/${id}/rollback/${version}`, "[]"],
      [`/api/projects/${id}/rollback/${version}`, '{"data": 1}'],
      [`/api/projects/${id}/build`, "42"],
      [`/api/projects/${id}/build`, '{"strict": "yes"}'],
      [`/api/projects/${id}/publish`, "null"],
    ] as const) {
      const res = await call("POST", path, { token, rawBody: raw, headers: { "content-type": "application/json" } });
      expect([res.status, res.json?.error?.code], `${path} ${raw}`).toEqual([400, "invalid_request"]);
    }
    const malformed = await call("POST", `/api/projects/${id}/build`, {
      token,
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect([malformed.status, malformed.json.error.code]).toEqual([400, "malformed_json"]);
    const pin = await call("POST", `/api/projects/${id}/versions/${version}/pin`, {
      token,
      rawBody: '{"pinned": "yes"}',
      headers: { "content-type": "application/json" },
    });
    expect(pin.json.error.message).toContain("pinned must be true or false");
  });

  it("export names and run ids that cannot name anything", async () => {
    const { token, id } = await owner();
    for (const name of ["x".repeat(2000), "..%2F..%2Fsrc%2Fx", "%zz", "dump.txt"]) {
      const res = await call("GET", `/api/projects/${id}/exports/${name}`, { token });
      expect([res.status, res.json?.error?.code], name).toEqual([400, "invalid_export_name"]);
    }
    expect(
      (await call("GET", `/api/projects/${id}/exports/production-2026-01-31T12-00-00-000Z.sql`, { token })).status,
    ).toBe(404);
    for (const run of ["a%00b", "%E2%80%AE", "not-a-run"]) {
      const events = await call("GET", `/api/chat/${id}/runs/${run}/events`, { token });
      expect([events.status, events.json?.error?.code], run).toEqual([400, "invalid_run_id"]);
      expect((await call("POST", `/api/chat/${id}/runs/${run}/cancel`, { token })).status).toBe(400);
    }
  });

  it("answers unmatched methods and media types in the error shape, wrapped where the API wraps", async () => {
    const get = await call("GET", "/rebuild-preview");
    expect([get.status, get.json.error.code, get.json.success]).toEqual([404, "not_found", false]);
    const unsigned = await call("POST", "/rebuild-preview", { body: {} });
    expect([unsigned.status, unsigned.json.success]).toEqual([401, false]);
    const form = await call("POST", "/api/auth/login", {
      rawBody: "email=a",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect([form.status, form.json.error.code]).toEqual([415, "unsupported_media_type"]);
    expect(form.json.error.message).toContain("Content-Type: application/json");
  });
});

describe("platform endpoints", () => {
  it("health reports every store", async () => {
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      ok: true,
      version: "0.1.0",
      checks: { db: true, r2: true, kv: true },
      // Every binding the platform needs is there; Workers AI is remote-only, so never locally.
      bindings: {
        DB: true,
        CODE: true,
        KV: true,
        ASSETS: true,
        LOADER: true,
        APP_DB: true,
        PROJECT_AGENT: true,
        MAINTENANCE: true,
        AI: false,
      },
    });
  });

  it("publishes an OpenAPI document built from the validating schemas", async () => {
    const res = await call("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/auth/register",
      "/api/auth/login",
      "/api/me",
      "/api/projects",
      "/api/projects/{id}",
      "/api/health",
    ]) {
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
