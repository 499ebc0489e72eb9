import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app";
import { call } from "./helpers";

describe("/api/health", () => {
  it("reports storage and every binding; Workers AI is absent locally and optional", async () => {
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, checks: { db: true, r2: true, kv: true } });
    expect(res.json.bindings).toEqual({
      DB: true,
      CODE: true,
      KV: true,
      ASSETS: true,
      LOADER: true,
      APP_DB: true,
      PROJECT_AGENT: true,
      MAINTENANCE: true,
      AI: false,
    });
  });

  it("answers 503 naming a binding a deploy left out", async () => {
    const { LOADER: _gone, ...partial } = env;
    const res = await createApi().fetch(
      new Request("http://localhost:8787/api/health"),
      partial,
      createExecutionContext(),
    );
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; bindings: Record<string, boolean> };
    expect(body.ok).toBe(false);
    expect(body.bindings.LOADER).toBe(false);
    expect(body.bindings.DB).toBe(true);
  });
});
