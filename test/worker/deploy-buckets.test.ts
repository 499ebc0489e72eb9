/**
 * Bucket uploads of the deploy API: read file by file from the request's stream, capped (bytes
 * and files) with a 413 that says what to do, proposed by the upload session within the cap, and
 * split under it by the CLI's client.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript shared with the Node CLI
import * as client from "../../cli/deploy-client.mjs";
import { DEPLOY_BODY_BYTES } from "../../src/api/app";
import { BUCKET_MAX_BYTES, BUCKET_MAX_FILES } from "../../src/hosting/bucket-reader";
import { bucketsOf } from "../../src/hosting/upload-session";
import { call } from "./helpers";
import { deploy, deployer } from "./hosting-helpers";

const MiB = 1024 * 1024;
const hexOf = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

/** A file of `size` bytes all equal to `byte`. */
async function fill(byte: number, size: number) {
  const bytes = new Uint8Array(size).fill(byte);
  return { bytes, hash: await hexOf(bytes), size };
}

async function session(d: Awaited<ReturnType<typeof deployer>>, files: { hash: string; size: number }[]) {
  const manifest = Object.fromEntries(files.map((f, i) => [`/f${i}.bin`, { hash: f.hash, size: f.size }]));
  const res = await call("POST", `/__api/projects/${d.project.id}/assets-upload-session`, {
    headers: { authorization: d.apiToken },
    body: { manifest },
  });
  expect(res.status).toBe(200);
  return res.json.result as { jwt: string; buckets: string[][] };
}

/** A bucket body streamed in 64 KiB pieces, never whole in memory: each file's base64 made as it goes. */
function streamed(files: { hash: string; byte: number; size: number }[]) {
  const enc = new TextEncoder();
  let i = 0;
  let sent = 0;
  let opened = false;
  const piece = 48 * 1024; // bytes per piece: a multiple of 3, so each piece's base64 stands alone
  const texts = new Map<string, string>();
  const base64 = (byte: number, n: number) => {
    const key = `${byte}:${n}`;
    if (!texts.has(key)) texts.set(key, client.toBase64(new Uint8Array(n).fill(byte)));
    return texts.get(key)!;
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!opened) {
        opened = true;
        controller.enqueue(enc.encode("{"));
        return;
      }
      const f = files[i];
      if (!f) {
        controller.enqueue(enc.encode("}"));
        controller.close();
        return;
      }
      if (sent === 0) controller.enqueue(enc.encode(`${i ? "," : ""}"${f.hash}":"`));
      const n = Math.min(piece, f.size - sent);
      const text = base64(f.byte, n);
      controller.enqueue(enc.encode(text));
      sent += n;
      if (sent >= f.size) {
        controller.enqueue(enc.encode('"'));
        i++;
        sent = 0;
      }
    },
  });
}

const upload = (d: { project: { id: string } }, jwt: string, body: BodyInit, headers: Record<string, string> = {}) =>
  call("POST", `/__api/projects/${d.project.id}/assets/upload`, {
    headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json", ...headers },
    rawBody: body,
  });

describe("deploy-API buckets", () => {
  it("stores a bucket read from its stream file by file, across chunk boundaries and \\/ escapes", async () => {
    const d = await deployer("Streamed bucket");
    const a = await fill(0x01, 300 * 1024 + 1);
    const b = await fill(0xff, 70_000); // base64 "////…": written here as "\/\/\/…"
    const s = await session(d, [a, b]);
    expect(s.buckets).toEqual([[a.hash, b.hash]]);
    const bodyText = JSON.stringify({ [a.hash]: client.toBase64(a.bytes), [b.hash]: client.toBase64(b.bytes) }).replace(
      /\//g,
      "\\/",
    );
    // Sent in 1,000-byte pieces, so keys, escapes and base64 quads are cut everywhere.
    const bytes = new TextEncoder().encode(bodyText);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    const res = await upload(d, s.jwt, body);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ uploaded: 2, remaining: 0 });
    expect(res.json.result.jwt).toBeTruthy();
    for (const f of [a, b]) {
      const stored = await env.CODE.get(`apps/${d.project.id}/assets/${f.hash}`);
      expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(f.bytes);
    }
  });

  it("answers 413 for a deploy request past what an isolate can parse whole, before reading it", async () => {
    const d = await deployer("Big deploy");
    const res = await call("POST", `/__api/projects/${d.project.id}/deploy`, {
      headers: {
        authorization: d.apiToken,
        "content-type": "application/json",
        "content-length": String(DEPLOY_BODY_BYTES + 1),
      },
      rawBody: "{}",
    });
    expect(res.status).toBe(413);
    const body = res.json as { error: { code: string; message: string } };
    expect(body.error.code).toBe("body_too_large");
    expect(body.error.message).toContain(`${DEPLOY_BODY_BYTES} bytes`);
    expect(body.error.message).toContain("assets go in buckets");
  });

  it("answers 413 for a bucket past the cap, saying the limit and to split it, and keeps the files before it", async () => {
    const d = await deployer("Big bucket");
    // Two 20 MiB files: 53 MiB as base64, past the 40 MiB a bucket may carry.
    const a = await fill(0x00, 20 * MiB);
    const b = await fill(0x01, 20 * MiB);
    const s = await session(d, [a, b]);
    // The session proposes them in buckets that fit.
    expect(s.buckets).toEqual([[a.hash], [b.hash]]);

    // Declared too large: refused before a byte is read.
    const declared = await upload(d, s.jwt, "{}", { "content-length": String(BUCKET_MAX_BYTES + 1) });
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe("bucket_too_large");
    expect(declared.json.error.message).toContain(`${BUCKET_MAX_BYTES} bytes`);
    expect(declared.json.error.message).toContain("Split the files into more buckets");

    // Streamed without a length: stopped where it passes the cap.
    const res = await upload(
      d,
      s.jwt,
      streamed([
        { ...a, byte: 0x00 },
        { ...b, byte: 0x01 },
      ]),
    );
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("bucket_too_large");
    // The first file was checked and stored before the second was read; nothing of the second.
    expect(await env.CODE.head(`apps/${d.project.id}/assets/${a.hash}`)).not.toBeNull();
    expect(await env.CODE.head(`apps/${d.project.id}/assets/${b.hash}`)).toBeNull();
    // And the second alone, as its own bucket, completes the set.
    const rest = await upload(d, s.jwt, streamed([{ ...b, byte: 0x01 }]));
    expect(rest.status).toBe(201);
    expect(rest.json.remaining).toBe(0);
  });

  it(`answers 413 past ${BUCKET_MAX_FILES} files in one bucket`, async () => {
    const d = await deployer("Many files");
    const files = await Promise.all(
      Array.from({ length: BUCKET_MAX_FILES + 1 }, async (_, i) => {
        const bytes = new TextEncoder().encode(`file ${i}`);
        return { bytes, hash: await hexOf(bytes), size: bytes.byteLength };
      }),
    );
    const s = await session(d, files);
    expect(Math.max(...s.buckets.map((b) => b.length))).toBeLessThanOrEqual(BUCKET_MAX_FILES);
    const body = JSON.stringify(Object.fromEntries(files.map((f) => [f.hash, client.toBase64(f.bytes)])));
    const res = await upload(d, s.jwt, body);
    expect(res.status).toBe(413);
    expect(res.json.error.message).toContain(`${BUCKET_MAX_FILES} files`);
  });

  it("refuses what is not a bucket with a 400 that says what is wrong", async () => {
    const d = await deployer("Bad buckets");
    const f = await fill(0x41, 10);
    const s = await session(d, [f]);
    const cases: [string, string][] = [
      ["", "invalid_bucket"],
      ["[]", "invalid_bucket"],
      [`{"${f.hash}": 5}`, "invalid_bucket"],
      [`{"${f.hash}": "QUFBQUFB`, "invalid_bucket"],
      [`{"${f.hash}" "QUFB"}`, "invalid_bucket"],
      [`{"${"0".repeat(64)}": "QUFB"}`, "unexpected_asset"],
      [`{"${f.hash}": "QU*B"}`, "invalid_base64"],
      [`{"${f.hash}": "QUFBQUFBQUFBQUFBQUFB"}`, "size_mismatch"],
      [`{"${f.hash}": "QkJCQkJCQkJCQg=="}`, "hash_mismatch"],
    ];
    for (const [body, code] of cases) {
      const res = await upload(d, s.jwt, body);
      expect([res.status, res.json?.error?.code], body).toEqual([400, code]);
    }
    expect(await env.CODE.head(`apps/${d.project.id}/assets/${f.hash}`)).toBeNull();
  });

  it("proposes buckets within both limits", () => {
    const hashes = Array.from({ length: 250 }, (_, i) => i.toString(16).padStart(64, "0"));
    expect(bucketsOf(hashes, () => 10).map((b) => b.length)).toEqual([100, 100, 50]);
    const big = bucketsOf(hashes.slice(0, 5), () => 25 * MiB);
    expect(big).toHaveLength(5);
    const sizes = bucketsOf(hashes, (h) => (parseInt(h, 16) % 7) * MiB);
    for (const b of sizes)
      expect(
        b.reduce((n, h) => n + h.length + 4 * Math.ceil(((parseInt(h, 16) % 7) * MiB) / 3) + 6, 2),
      ).toBeLessThanOrEqual(BUCKET_MAX_BYTES);
    expect(sizes.flat()).toEqual(hashes);
  });

  it("the CLI's client knows the same limits and splits a bucket the server proposed too large", async () => {
    expect([client.BUCKET_MAX_BYTES, client.BUCKET_MAX_FILES]).toEqual([BUCKET_MAX_BYTES, BUCKET_MAX_FILES]);
    const d = await deployer("Split by the client");
    const assets: Record<string, Uint8Array> = {};
    for (let i = 0; i < 3; i++) assets[`/big${i}.bin`] = new Uint8Array(12 * MiB).fill(i + 1);
    for (let i = 0; i < 20; i++) assets[`/small${i}.txt`] = new TextEncoder().encode(`small ${i}`);

    const bodies: number[] = [];
    const fetcher = async (input: RequestInfo, init?: RequestInit) => {
      const url = String(input);
      const res = await exports.default.fetch(new Request(url, init));
      if (url.endsWith("/assets/upload")) bodies.push(String(init!.body).length);
      if (!url.endsWith("/assets-upload-session")) return res;
      // A server proposing everything as one bucket, as an older one might.
      const json = (await res.json()) as any;
      json.result.buckets = [json.result.buckets.flat()];
      return Response.json(json, { status: res.status });
    };
    const result = await client.deployApp(
      { baseUrl: "http://localhost:8787", token: d.apiToken, fetch: fetcher },
      d.project.id,
      {
        assets,
      },
    );
    expect(result.success).toBe(true);
    expect(result.newAssets).toBe(23);
    // 3 × 16 MiB of base64 cannot share one bucket: at least two uploads, each within the cap.
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    for (const n of bodies) expect(n).toBeLessThanOrEqual(BUCKET_MAX_BYTES);
    expect(client.splitBucket(["a", "b"], () => 30 * MiB)).toEqual([["a"], ["b"]]);
  });

  it("a deploy through the CLI's client still works end to end", async () => {
    const d = await deployer("Plain deploy");
    const res = await deploy(d.apiToken, d.project.id, { assets: { "/index.html": "<h1>hi</h1>" } });
    expect(res.success).toBe(true);
  });
});
