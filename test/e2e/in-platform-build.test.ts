/**
 * The template and the CRM sample, built inside Kiln and served from a preview URL,
 * pass the same API and browser checks as their `vite build` + `wrangler dev` twins
 * (test/template/outside-kiln.test.ts), and render the same text.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAuthApi, checkAuthUi, checkCrmApi, checkCrmUi } from "../template/app-checks";
import { startLocalApp } from "../template/local-app";
import { readTree } from "../template/tree";
import { launchBrowser } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";
import { resolveLocalhostSubdomains } from "./localhost-dns";

const root = join(import.meta.dirname, "../..");
const run = promisify(execFile);
let kiln: RunningKiln;
let browser: Browser;
let token: string;

beforeAll(async () => {
  resolveLocalhostSubdomains();
  [kiln, browser] = await Promise.all([startKiln(), launchBrowser()]);
  token = (await api("POST", "/api/auth/register", { email: "builder@example.com", password: "builder password" }))
    .token;
});
afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
});

async function api(method: string, path: string, body?: unknown, raw?: string) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (raw !== undefined) headers["content-type"] = "text/plain";
  const res = await fetch(`${kiln.url}${path}`, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A Kiln project whose sources are exactly `dir`'s, built in the platform; returns its preview URL. */
async function buildInKiln(name: string, dir: string): Promise<string> {
  return (await buildProjectInKiln(name, dir)).previewUrl;
}

async function buildProjectInKiln(
  name: string,
  dir: string,
): Promise<{ previewUrl: string; versionId: string; projectId: string }> {
  const { project } = await api("POST", "/api/projects", { name });
  const wanted = readTree(join(root, dir));
  const { files } = await api("GET", `/api/projects/${project.id}/files`);
  for (const f of files as { path: string }[])
    if (!(f.path in wanted)) await api("DELETE", `/api/projects/${project.id}/files/${f.path}`);
  for (const [path, content] of Object.entries(wanted))
    await api("PUT", `/api/projects/${project.id}/files/${path}`, undefined, content);
  const built = await api("POST", `/api/projects/${project.id}/build`, {});
  expect(built.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
  return { previewUrl: built.previewUrl, versionId: built.versionId, projectId: project.id };
}

async function visibleText(url: string): Promise<string> {
  const page = await browser.newPage();
  await page.goto(new URL("login", url).href);
  await page
    .getByRole("button", { name: /sign in|log in/i })
    .first()
    .waitFor();
  const text = await page.evaluate(() => document.body.innerText);
  await page.close();
  return text;
}

describe("apps built inside Kiln", () => {
  it("the template: same auth API, same pages, same text as its vite build", async () => {
    const preview = await buildInKiln("Template in Kiln", "templates/react-app");
    await checkAuthApi(preview);
    await checkAuthUi(browser, preview, "kiln-template");
    const outside = await startLocalApp("templates/react-app");
    try {
      expect(await visibleText(preview)).toBe(await visibleText(outside.url));
    } finally {
      await outside.stop();
    }
  });

  it("a version's zip builds with vite build and deploys with wrangler deploy on its own", async () => {
    const { versionId, projectId } = await buildProjectInKiln("Zip me", "dist/samples/crm");
    const res = await fetch(`${kiln.url}/api/projects/${projectId}/versions/${versionId}/zip`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.headers.get("content-type")).toBe("application/zip");
    const work = mkdtempSync(join(tmpdir(), "kiln-zip-"));
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    for (const [path, bytes] of Object.entries(entries)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), bytes);
    }
    const app = join(work, readdirSync(work)[0]!);
    symlinkSync(join(root, "node_modules"), join(app, "node_modules"), "dir");
    const env = { ...process.env, NODE_ENV: "production", WRANGLER_SEND_METRICS: "false" };
    delete (env as Record<string, string | undefined>).NODE_OPTIONS;
    await run(join(root, "node_modules/.bin/vite"), ["build", "--logLevel", "error"], { cwd: app, env });
    expect(readFileSync(join(app, "dist/index.html"), "utf8")).toContain('type="module"');
    const dry = await run(
      join(root, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", join(work, "out")],
      { cwd: app, env },
    );
    expect(dry.stdout).toMatch(/--dry-run: exiting now/);
  });

  it("the CRM sample: CRUD API and every page work from the preview URL", async () => {
    const preview = await buildInKiln("CRM in Kiln", "dist/samples/crm");
    await checkCrmApi(preview);
    await checkCrmUi(browser, preview, "kiln-crm");
  });
});
