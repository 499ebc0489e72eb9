import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sign } from "../../src/security/signature";
import worker from "../../src/worker";
import { visit } from "./hosting-helpers";

const SECRET = "test-build-api-secret";

async function signed(
  path: string,
  body: unknown,
  options: { secret?: string; timestamp?: number; signature?: string } = {},
) {
  const raw = JSON.stringify(body);
  const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = options.signature ?? (await sign(options.secret ?? SECRET, ts, raw));
  const res = await exports.default.fetch(
    new Request(`http://localhost:8787${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-kiln-timestamp": ts, "x-kiln-signature": signature },
      body: raw,
    }),
  );
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

describe("the signed server API", () => {
  it("builds a new project from a prompt and rebuilds it, mapping the caller's ids", async () => {
    const ids = { userId: `ext-user-${Date.now()}`, projectId: "ext-project-1" };
    const built = await signed("/build-preview-for-new-project", {
      ...ids,
      prompt: "a todo list with due dates",
      framework: "react",
    });
    expect(built.status, JSON.stringify(built.json)).toBe(200);
    expect(built.json).toMatchObject({
      success: true,
      versionId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      previewUrl: expect.stringContaining(".localhost:8787/"),
      buildTime: expect.any(Number),
    });
    expect((await visit(built.json.previewUrl)).status).toBe(200);

    const rebuilt = await signed("/rebuild-preview", { ...ids, prompt: "add a priority field to todos" });
    expect(rebuilt.status, JSON.stringify(rebuilt.json)).toBe(200);
    expect(rebuilt.json.versionId).not.toBe(built.json.versionId);
    // Back to the first version's sources, then a different change.
    const fromBase = await signed("/rebuild-preview", {
      ...ids,
      prompt: "call it Chores",
      baseVersionId: built.json.versionId,
    });
    expect(fromBase.status, JSON.stringify(fromBase.json)).toBe(200);

    const unknown = await signed("/rebuild-preview", { ...ids, projectId: "never-built", prompt: "x" });
    expect(unknown.status).toBe(404);
  });

  it("refuses missing, wrong, stale and replayed signatures", async () => {
    const body = { userId: "u", projectId: "p", prompt: "notes" };
    const none = await exports.default.fetch(
      new Request("http://localhost:8787/rebuild-preview", { method: "POST", body: JSON.stringify(body) }),
    );
    expect(none.status).toBe(401);
    expect((await signed("/rebuild-preview", body, { secret: "wrong secret" })).status).toBe(401);
    const stale = await signed("/rebuild-preview", body, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect([stale.status, stale.json.error.message]).toEqual([401, expect.stringMatching(/more than 5 minutes/)]);

    const raw = JSON.stringify({ ...body, projectId: "replay-me" });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = await sign(SECRET, ts, raw);
    const send = () =>
      exports.default.fetch(
        new Request("http://localhost:8787/rebuild-preview", {
          method: "POST",
          headers: { "x-kiln-timestamp": ts, "x-kiln-signature": sig },
          body: raw,
        }),
      );
    expect((await send()).status).toBe(404); // signed fine; the project does not exist
    const again = await send();
    expect(again.status).toBe(401);
    expect(((await again.json()) as any).error.code).toBe("replayed");
  });

  it("answers 503 saying so when BUILD_API_SECRET is not set", async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://localhost:8787/rebuild-preview", { method: "POST", body: "{}" }) as any,
      { ...env, BUILD_API_SECRET: undefined } as any,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.message).toMatch(/BUILD_API_SECRET/);
  });

  it("caps rebuilds per project with 429 and Retry-After", async () => {
    const ids = { userId: `cap-user-${Date.now()}`, projectId: "cap-project" };
    const built = await signed("/build-preview-for-new-project", { ...ids, prompt: "bookmarks" });
    expect(built.status).toBe(200);
    const projectId = await env.DB.prepare("SELECT project_id FROM external_projects WHERE external_user_id = ?")
      .bind(ids.userId)
      .first<string>("project_id");
    const now = Date.now();
    await env.DB.batch(
      Array.from({ length: 20 }, (_, i) =>
        env.DB.prepare("INSERT INTO rate_events (bucket, at) VALUES (?, ?)").bind(
          `rebuild:${projectId}`,
          now - 60_000 + i,
        ),
      ),
    );
    const capped = await signed("/rebuild-preview", { ...ids, prompt: "add a notes field to bookmarks" });
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get("retry-after"))).toBeGreaterThan(3000);
  });
});

/** A request through the Worker with settings of its own (e.g. behind Cloudflare's edge, small caps). */
async function sendWith(
  settings: Record<string, string>,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  options: { sign?: boolean } = {},
) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = options.sign === false ? "0".repeat(64) : await sign(SECRET, ts, raw);
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://localhost:8787${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-kiln-timestamp": ts,
        "x-kiln-signature": signature,
        ...headers,
      },
      body: raw,
    }) as any,
    { ...env, ...settings } as any,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

const countEvents = (bucket: string) =>
  env.DB.prepare("SELECT COUNT(*) AS n FROM rate_events WHERE bucket = ?").bind(bucket).first<number>("n");

describe("the server API's caps cannot be spent by strangers", () => {
  const EDGE = { TRUST_CF_CONNECTING_IP: "true", RATE_IP_PER_HOUR: "3" };

  it("counts only requests whose signature verified: a flood of unsigned ones leaves the caller's allowance whole", async () => {
    const caller = { "cf-connecting-ip": "203.0.113.40" };
    const body = (i: number) => ({ userId: `flood-${Date.now()}`, projectId: `none-${i}`, prompt: "notes" });
    for (let i = 0; i < 10; i++) {
      const res = await sendWith(EDGE, "/rebuild-preview", body(i), caller, { sign: false });
      expect([res.status, res.json.error.code]).toEqual([401, "bad_signature"]);
    }
    expect(await countEvents("ip:203.0.113.40")).toBe(0);
    // The real caller still has its three requests (each signed fine; the projects do not exist)...
    for (let i = 0; i < 3; i++)
      expect((await sendWith(EDGE, "/rebuild-preview", body(100 + i), caller)).status).toBe(404);
    expect(await countEvents("ip:203.0.113.40")).toBe(3);
    // ...and then its own cap, not anyone else's, answers 429.
    const capped = await sendWith(EDGE, "/rebuild-preview", body(200), caller);
    expect([capped.status, capped.json.error.code]).toEqual([429, "rate_limited"]);
    expect(Number(capped.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(capped.json.error.message).toMatch(
      /^Too many requests from this address \(at most 3 an hour\)\. Try again in 60 minutes\.$/,
    );
    expect((await sendWith(EDGE, "/rebuild-preview", body(300), { "cf-connecting-ip": "198.51.100.40" })).status).toBe(
      404,
    );
  });

  it("ignores a spoofed cf-connecting-ip where the platform is not behind Cloudflare's edge", async () => {
    const local = { RATE_IP_PER_HOUR: "1" };
    const spoofed = { "cf-connecting-ip": "192.0.2.99" };
    for (let i = 0; i < 3; i++) {
      const res = await sendWith(
        local,
        "/rebuild-preview",
        { userId: `spoof-${Date.now()}`, projectId: `none-${i}`, prompt: "notes" },
        spoofed,
      );
      expect(res.status).toBe(404);
    }
    expect(await countEvents("ip:192.0.2.99")).toBe(0);
  });

  it("refuses bodies over MAX_BODY_BYTES with 413, before anything is counted", async () => {
    const prompt = "x".repeat(1024 * 1024);
    for (const path of ["/build-preview-for-new-project", "/rebuild-preview"]) {
      const res = await signed(path, { userId: "big", projectId: "big", prompt });
      expect([res.status, res.json.error.code]).toEqual([413, "body_too_large"]);
      expect(res.json.error.message).toMatch(/larger than 1048576 bytes/);
    }
    const small = await sendWith(
      { MAX_BODY_BYTES: "100" },
      "/rebuild-preview",
      { userId: "big", projectId: "big", prompt: "y".repeat(200) },
      {},
    );
    expect(small.status).toBe(413);
  });
});
