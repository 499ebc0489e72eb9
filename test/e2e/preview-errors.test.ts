/**
 * Never a blank preview: a version whose page throws on render shows the error over the preview,
 * in words, with the app's file and line (through the version's source maps); the versions list
 * marks which versions rendered and which did not; "Try to fix" (offline) opens the code there;
 * the last good version is one click away, and restoring it is one more. A script that fails to
 * load is reported too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
// @ts-expect-error -- plain JavaScript shared with the Node CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { launchLikeChrome, screenshotPath } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";

let kiln: RunningKiln;
let browser: BrowserContext;
let page: Page;
const profile = mkdtempSync(join(tmpdir(), "kiln-e2e-profile-"));

beforeAll(async () => {
  [kiln, browser] = await Promise.all([startKiln(), launchLikeChrome(profile)]);
  page = browser.pages()[0] ?? (await browser.newPage());
});
beforeEach(() => {
  onTestFailed(async () => {
    await page.screenshot({ path: screenshotPath("preview-errors-failure") }).catch(() => undefined);
  });
});
afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
  rmSync(profile, { recursive: true, force: true });
});

const visible = (locator: Locator, timeout = 30_000) => locator.waitFor({ state: "visible", timeout });
const shot = (name: string) => page.screenshot({ path: screenshotPath(`preview-errors-${name}`) });

/** The builder's API as the signed-in page calls it (its cookie, its origin). */
async function api(method: string, path: string, body?: unknown): Promise<any> {
  const answer = await page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    { method, path, body },
  );
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
  return answer.text ? JSON.parse(answer.text) : null;
}

const BROKEN_APP = `type Client = { name: string };

export function App() {
  const clients = null as unknown as Client[];
  return (
    <ul>
      {clients.map((c) => (
        <li key={c.name}>{c.name}</li>
      ))}
    </ul>
  );
}
`;

describe("a preview that fails", () => {
  it("shows the error with its file and line, marks the version, and keeps the last good version one click away", async () => {
    await page.goto(kiln.url);
    await page.getByRole("tab", { name: "Sign up" }).click();
    await page.getByLabel("Email").fill("blank@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByLabel("New project name").fill("Clients");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByTestId("project-name").filter({ hasText: "Clients" }).click();
    await page.waitForURL(/\/p\/[^/]+$/);
    const projectId = page.url().split("/").pop()!;
    const preview = page.frameLocator('[data-testid="preview-frame"]');

    // A good version: the template as it is. Its page renders, and the workspace records that.
    const good = await api("POST", `/api/projects/${projectId}/build`, {});
    await page.reload();
    await visible(preview.getByRole("heading", { name: "Sign in" }));
    await expect
      .poll(async () => (await api("GET", `/api/projects/${projectId}/versions/${good.versionId}`)).version.render)
      .toMatchObject({ status: "rendered", error: null });
    expect(await page.getByTestId("preview-problem").count()).toBe(0);

    // A version whose page throws while rendering (an edit of the code, built as Save & build does).
    await api("PUT", `/api/projects/${projectId}/files/src/App.tsx`, { content: BROKEN_APP });
    const broken = await api("POST", `/api/projects/${projectId}/build`, {});
    await page.reload();
    const problem = page.getByTestId("preview-problem");
    await visible(problem);
    expect(await problem.getAttribute("data-kind")).toBe("render");
    await visible(problem.getByText("This version did not render: a component threw an error"));
    await expect.poll(() => problem.getByTestId("preview-problem-message").textContent()).toMatch(/null|map/);
    // The file and line come from the version's source map: line 7 is `clients.map(...)`.
    await visible(problem.getByTestId("preview-problem-place").filter({ hasText: "src/App.tsx, line 7" }));
    // The app's own error boundary shows a message too, not a white page.
    await visible(preview.getByRole("heading", { name: "Something went wrong" }));
    // The panel covers the frame: nothing white is left with nothing said.
    const frameBox = (await page.getByTestId("preview-frame").boundingBox())!;
    const problemBox = (await problem.boundingBox())!;
    expect(problemBox.width).toBeGreaterThanOrEqual(frameBox.width - 1);
    expect(problemBox.height).toBeGreaterThanOrEqual(frameBox.height - 1);
    await visible(problem.getByTestId("preview-last-good"));
    await shot("1-render-error");

    // The version keeps the error, mapped; the versions list marks which rendered.
    await expect
      .poll(async () => (await api("GET", `/api/projects/${projectId}/versions/${broken.versionId}`)).version.render)
      .toMatchObject({ status: "failed", error: { kind: "render", file: "src/App.tsx", line: 7 } });
    await page.getByRole("tab", { name: "Versions" }).click();
    const badge = (versionId: string) =>
      page.locator(`[data-testid="version"][data-version-id="${versionId}"] [data-testid="version-render"]`);
    await visible(badge(broken.versionId));
    expect(await badge(broken.versionId).getAttribute("data-status")).toBe("failed");
    expect(await badge(broken.versionId).textContent()).toBe("did not render");
    expect(await badge(good.versionId).getAttribute("data-status")).toBe("rendered");
    await shot("2-versions");

    // In production there is no bridge: the app's error boundary still shows its message, and stays quiet.
    const published = await api("POST", `/api/projects/${projectId}/publish`, { versionId: broken.versionId });
    const production = await browser.newPage();
    const pageErrors: string[] = [];
    production.on("pageerror", (err) => pageErrors.push(String(err)));
    await production.goto(published.url);
    await visible(production.getByRole("heading", { name: "Something went wrong" }));
    expect(await production.evaluate(() => "__kiln" in window)).toBe(false);
    expect(await production.locator('script[src*="/__kiln/"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await production.close();

    // Offline, "Try to fix" opens the code at the error.
    await page.getByRole("tab", { name: "Preview" }).click();
    await problem.getByRole("button", { name: "Try to fix" }).click();
    await visible(page.getByRole("tabpanel", { name: "Code" }));
    await expect
      .poll(() => page.locator(".cm-activeLine").first().textContent(), { timeout: 20_000 })
      .toContain("clients.map(");
    await shot("3-code-at-error");

    // The last good version, one click away: shown in the preview, then restored.
    await page.getByRole("tab", { name: "Preview" }).click();
    await problem.getByRole("button", { name: "Show the last good version" }).click();
    await visible(page.getByTestId("preview-showing"));
    await visible(preview.getByRole("heading", { name: "Sign in" }));
    expect(await page.getByTestId("preview-problem").count()).toBe(0);
    expect(await page.getByTestId("preview-url").inputValue()).toBe(
      (await api("GET", `/api/projects/${projectId}/versions/${good.versionId}`)).version.previewUrl,
    );
    await shot("4-last-good");
    await page.getByRole("button", { name: "Restore this version" }).click();
    await page.getByTestId("preview-showing").waitFor({ state: "detached", timeout: 30_000 });
    await visible(preview.getByRole("heading", { name: "Sign in" }));
    const newest = (await api("GET", `/api/projects/${projectId}/versions`)).versions[0];
    expect(newest).toMatchObject({ source: "rollback", parentVersionId: good.versionId });
    await expect
      .poll(async () => (await api("GET", `/api/projects/${projectId}/versions/${newest.versionId}`)).version.render)
      .toMatchObject({ status: "rendered" });
  });

  it("reports a script that did not load, over the preview and on the version", async () => {
    const { token } = await api("POST", "/api/tokens", { name: "e2e" });
    const projectId = page.url().split("/").pop()!;
    const enc = (text: string) => new TextEncoder().encode(text);
    const deployed = await deployApp({ baseUrl: kiln.url, token }, projectId, {
      assets: {
        "/index.html": enc(
          '<!doctype html><html><head><title>Missing</title></head><body><div id="root"></div><script type="module" src="/assets/app-missing.js"></script></body></html>',
        ),
      },
      config: { not_found_handling: "none" },
    });
    await page.reload();
    const problem = page.getByTestId("preview-problem");
    await visible(problem);
    expect(await problem.getAttribute("data-kind")).toBe("resource");
    await visible(problem.getByText("A file the page needs did not load"));
    await visible(problem.getByTestId("preview-problem-message").filter({ hasText: "/assets/app-missing.js" }));
    await visible(problem.getByTestId("preview-problem-place").filter({ hasText: "assets/app-missing.js" }));
    await shot("5-missing-script");
    // A version uploaded through the deploy API has no source tags: select mode says so.
    await page.getByRole("button", { name: "Select" }).click();
    await visible(page.getByTestId("select-untagged"));
    await page.getByRole("button", { name: "Select" }).click();
    expect(await page.getByTestId("select-untagged").count()).toBe(0);
    await expect
      .poll(async () => (await api("GET", `/api/projects/${projectId}/versions/${deployed.versionId}`)).version.render)
      .toMatchObject({ status: "failed", error: { kind: "resource", file: "assets/app-missing.js" } });
  });
});
