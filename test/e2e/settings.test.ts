import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript launcher modules, written to run on any Node ≥ 18
import { isRecentEnough } from "../../cli/runtime.mjs";
// @ts-expect-error -- see above
import { ensureDevVars, parseDotenv, writeMergedVars } from "../../cli/settings.mjs";
import { startKiln, type RunningKiln } from "./kiln-server";

const dir = mkdtempSync(join(tmpdir(), "kiln-settings-"));

describe("settings", () => {
  it("generates PLATFORM_JWT_SECRET into .dev.vars once, keeping what is there", () => {
    const file = join(dir, ".dev.vars");
    writeFileSync(file, "BUILD_API_SECRET=keep-me");
    expect(ensureDevVars(file, {})).toBe(true);
    const first = parseDotenv(readFileSync(file, "utf8"));
    expect(first.BUILD_API_SECRET).toBe("keep-me");
    expect(first.PLATFORM_JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(ensureDevVars(file, {})).toBe(false);
    expect(parseDotenv(readFileSync(file, "utf8")).PLATFORM_JWT_SECRET).toBe(first.PLATFORM_JWT_SECRET);
    // A secret given in the environment means nothing is written.
    const other = join(dir, "other.vars");
    expect(ensureDevVars(other, { PLATFORM_JWT_SECRET: "x".repeat(40) })).toBe(false);
  });

  it("lets the environment win over .dev.vars", () => {
    const file = join(dir, "merge.vars");
    writeFileSync(file, 'MAX_BODY_BYTES=100\nSESSION_TTL_HOURS="5"\n');
    const merged = writeMergedVars(file, join(dir, "out.env"), { SESSION_TTL_HOURS: "9", UNRELATED: "no" });
    expect(merged).toEqual({ MAX_BODY_BYTES: "100", SESSION_TTL_HOURS: "9" });
    expect(parseDotenv(readFileSync(join(dir, "out.env"), "utf8"))).toEqual(merged);
  });

  it("knows which Node versions wrangler accepts", () => {
    expect(isRecentEnough("20.20.2")).toBe(false);
    expect(isRecentEnough("22.11.9")).toBe(false);
    expect(isRecentEnough("22.12.0")).toBe(true);
    expect(isRecentEnough("24.1.0")).toBe(true);
  });
});

describe("a setting from the environment reaches the running Worker", () => {
  let kiln: RunningKiln;
  afterAll(() => kiln?.stop());

  it("SESSION_TTL_HOURS=2 makes two-hour sessions", async () => {
    kiln = await startKiln({ SESSION_TTL_HOURS: "2" });
    const res = await fetch(`${kiln.url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ttl@example.com", password: "long enough" }),
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims.exp - claims.iat).toBe(7200);
  });
});
