/**
 * The app template and the CRM sample are real, portable projects: they build with `vite build`,
 * migrate with wrangler's local D1 and run under `wrangler dev` with no Kiln involved, both at
 * the root of a host and under a path prefix (the way Kiln serves /apps/<id>/).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir, launchBrowser, screenshotPath } from "../e2e/browser";
import { checkAuthApi, checkAuthUi, checkCrmApi, checkCrmUi, openWatchedPage } from "./app-checks";
import { startLocalApp, typecheck, type LocalApp } from "./local-app";
import { startPrefixProxy, type PrefixProxy } from "./prefix-proxy";

let browser: Browser;
const buildTimes: Record<string, number> = {};

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(join(artifactsDir, "template-build-times.json"), `${JSON.stringify(buildTimes, null, 2)}\n`);
});

/** Starts the project (build, migrate, wrangler dev) and a prefix proxy in front of it for one describe block. */
function serve(projectDir: string) {
  const served = {} as { app: LocalApp; prefixed: PrefixProxy };
  beforeAll(async () => {
    served.app = await startLocalApp(projectDir);
    served.prefixed = await startPrefixProxy(served.app.url);
    buildTimes[projectDir] = served.app.buildMs;
    console.log(`${projectDir}: vite build took ${served.app.buildMs} ms`);
  });
  afterAll(async () => {
    await served.prefixed?.stop();
    await served.app?.stop();
  });
  return served;
}

describe("templates/react-app outside Kiln", () => {
  const served = serve("templates/react-app");

  it("builds to dist/ with relative asset URLs and applies its migration", () => {
    expect(served.app.buildOutput).toMatch(/dist\/index\.html/);
    const html = readFileSync(join(served.app.dir, "dist/index.html"), "utf8");
    const script = readFileSync(join(served.app.dir, "dist", html.match(/src="\.\/(assets\/[^"]+\.js)"/)![1]!), "utf8");
    expect(script, "a production build of React").not.toContain("React DevTools");
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js">/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing from another origin
    expect(served.app.migrateOutput).toMatch(/0001_init\.sql/);
  });

  it("type-checks (strict) for the browser and the Worker", async () => {
    await typecheck(served.app.dir);
  });

  it("answers the auth API", async () => {
    await checkAuthApi(served.app.url);
  });

  it("answers the auth API under a path prefix", async () => {
    await checkAuthApi(served.prefixed.url);
  });

  it("signs up, signs out and signs in through the UI", async () => {
    await checkAuthUi(browser, served.app.url, "template-root");
  });

  it("does the same under /apps/<id>/, loading nothing outside the prefix", async () => {
    await checkAuthUi(browser, served.prefixed.url, "template-prefix");
  });

  it("follows the system's dark mode", async () => {
    const w = await openWatchedPage(browser, { colorScheme: "dark" });
    try {
      await w.page.goto(`${served.app.url}login`);
      await w.page.getByRole("heading", { name: "Sign in" }).waitFor();
      // Tailwind v4 colours are oklch(L C H); older engines report rgb(r, g, b).
      const background = await w.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      const [first, second, third] = background.match(/[\d.]+/g)!.map(Number);
      const isDark = background.startsWith("oklch") ? first! < 0.3 : first! + second! + third! < 100;
      expect(isDark, background).toBe(true);
      await w.page.screenshot({ path: screenshotPath("template-dark-login") });
      expect(w.problems).toEqual([]);
    } finally {
      await w.close();
    }
  });
});

// The CRM sample as a whole project: the template with templates/samples/crm over it (kiln prepare).
describe("dist/samples/crm outside Kiln", () => {
  const served = serve("dist/samples/crm");

  it("type-checks (strict) for the browser and the Worker", async () => {
    await typecheck(served.app.dir);
  });

  it("applies both migrations", () => {
    expect(served.app.migrateOutput).toMatch(/0001_init\.sql/);
    expect(served.app.migrateOutput).toMatch(/0002_crm\.sql/);
  });

  it("answers the auth API", async () => {
    await checkAuthApi(served.app.url);
  });

  it("keeps each user's companies, contacts and deals to themselves", async () => {
    await checkCrmApi(served.app.url);
  });

  it("creates a company, contact and deal through the UI", async () => {
    await checkCrmUi(browser, served.app.url, "crm-root");
  });

  it("does the same under /apps/<id>/, loading nothing outside the prefix", async () => {
    await checkCrmUi(browser, served.prefixed.url, "crm-prefix");
  });
});
