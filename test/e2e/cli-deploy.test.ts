import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFromApp, startKiln, type RunningKiln } from "./kiln-server";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
let kiln: RunningKiln;
let token: string;

beforeAll(async () => {
  kiln = await startKiln();
  const post = async (path: string, body: unknown, auth?: string) =>
    (
      await fetch(`${kiln.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(body),
      })
    ).json();
  const session = await post("/api/auth/register", { email: "cli@example.com", password: "cli password" });
  token = (await post("/api/tokens", { name: "cli" }, `Bearer ${session.token}`)).token;
});
afterAll(() => kiln?.stop());

const kilnDeploy = (dir: string) =>
  run(process.execPath, ["cli/kiln.mjs", "deploy", dir], {
    cwd: root,
    env: { ...process.env, KILN_URL: kiln.url, KILN_TOKEN: token },
  });

describe("kiln deploy <dir>", () => {
  it("deploys a folder with progress and URLs; a second run uploads only the changed file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kiln-cli-"));
    cpSync(join(root, "bench/fixtures/notes-app"), dir, { recursive: true });

    const first = await kilnDeploy(dir);
    expect(first.stdout).toMatch(/created project/);
    expect(first.stdout).toMatch(/uploading 3\/3/);
    expect(first.stdout).toMatch(/deployed 3 assets \(3 uploaded, 0 unchanged\) and 1 server module/);
    expect(first.stdout).toMatch(/applied migrations: 0001_init.sql/);
    const live = first.stdout.match(/live\s+(\S+)/)![1]!;
    const slugHost = new URL(live).host;
    const notes = await getFromApp(kiln.port, slugHost, "/api/notes");
    expect(JSON.parse(notes.body).notes).toHaveLength(20);
    // The path URL is on the shared apps host, never on Kiln's own.
    const path = new URL(first.stdout.match(/path\s+(\S+)/)![1]!);
    expect(path.host).toBe(`apps.localhost:${kiln.port}`);
    expect(JSON.parse((await getFromApp(kiln.port, path.host, `${path.pathname}api/notes`)).body).notes).toHaveLength(
      20,
    );
    expect((await getFromApp(kiln.port, `localhost:${kiln.port}`, `${path.pathname}api/notes`)).status).toBe(308);

    writeFileSync(
      join(dir, "public/index.html"),
      readFileSync(join(dir, "public/index.html"), "utf8").replace("<h1>Notes</h1>", "<h1>Notes, v2</h1>"),
    );
    const second = await kilnDeploy(dir);
    expect(second.stdout).not.toMatch(/created project/);
    expect(second.stdout).toMatch(/deployed 3 assets \(1 uploaded, 2 unchanged\)/);
    expect((await getFromApp(kiln.port, slugHost, "/")).body).toContain("Notes, v2");
  });

  it("explains what is wrong without a token or with an empty folder", async () => {
    const empty = mkdtempSync(join(tmpdir(), "kiln-cli-empty-"));
    const noToken = await run(process.execPath, ["cli/kiln.mjs", "deploy", empty], {
      cwd: root,
      env: { ...process.env, KILN_TOKEN: "" },
    }).catch((e) => e);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/No API token/);
    const nothing = await kilnDeploy(empty).catch((e) => e);
    expect(nothing.stderr).toMatch(/neither a public\/ nor a worker\/ folder/);
  });
});
