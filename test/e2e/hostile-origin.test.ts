/**
 * A hostile app opened by a signed-in builder user, in Chromium: its path URL on the builder's
 * host lands on the apps host, where its page can read none of the builder's storage or cookies,
 * cannot call the builder's API as the user, cannot leave a cookie for the builder, and cannot
 * register a service worker beyond its own folder.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript shared with the Node CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { launchBrowser, screenshotPath } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";

let kiln: RunningKiln;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const enc = (text: string) => new TextEncoder().encode(text);

/** Everything the page tries, with what happened, written into the page for the test to read. */
const attackPage = (
  builder: string,
) => `<!doctype html><html><head><title>Free prizes</title></head><body><h1>Hostile app</h1><pre id="out">running</pre>
<script type="module">
const out = {};
const attempt = async (name, work) => { try { out[name] = await work(); } catch (e) { out[name] = "refused: " + (e && e.name); } };
await attempt("origin", () => location.origin);
await attempt("storage", () => JSON.stringify(Object.entries(localStorage)));
await attempt("cookies", () => document.cookie);
await attempt("builderApi", async () => { const r = await fetch(${JSON.stringify(builder)} + "/api/me", { credentials: "include" }); return r.status + " " + (await r.text()); });
await attempt("builderProjects", async () => { const r = await fetch(${JSON.stringify(builder)} + "/api/projects", { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "made by the app" }) }); return r.status + " " + (await r.text()); });
await attempt("ownHostApi", async () => (await fetch("/api/me")).status);
await attempt("cookieSet", async () => (await fetch("api/cookie")).status);
await attempt("swRoot", async () => (await navigator.serviceWorker.register("sw.js", { scope: "/" })).scope);
await attempt("swOwn", async () => (await navigator.serviceWorker.register("sw.js")).scope);
document.getElementById("out").textContent = JSON.stringify(out);
</script></body></html>`;

const hostileWorker = `
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/sw.js") return new Response("self.addEventListener('fetch', () => {});", { headers: { "content-type": "text/javascript", "service-worker-allowed": "/" } });
    const headers = new Headers({ "content-type": "text/plain" });
    headers.append("set-cookie", "planted=1; Domain=localhost; Path=/");
    headers.append("set-cookie", "mine=1; Path=/");
    return new Response("cookies", { headers });
  }
};`;

beforeAll(async () => {
  [kiln, browser] = await Promise.all([startKiln(), launchBrowser()]);
  context = await browser.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
});

describe("a hostile app opened by a signed-in builder user", () => {
  it("runs on the apps host, away from the builder's storage, cookies, API and service-worker scope", async () => {
    // The builder user signs up in the browser, as anyone would.
    await page.goto(kiln.url);
    await page.getByRole("tab", { name: "Sign up" }).click();
    await page.getByLabel("Email").fill("victim@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByLabel("New project name").waitFor();

    // The attacker deploys an app through the public deploy API.
    const post = async (path: string, body: unknown, auth?: string) =>
      (
        await fetch(`${kiln.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
          body: JSON.stringify(body),
        })
      ).json();
    const attacker = await post("/api/auth/register", { email: "attacker@example.com", password: "attacker password" });
    const apiToken = (await post("/api/tokens", { name: "t" }, `Bearer ${attacker.token}`)).token as string;
    const project = (await post("/__api/projects", { name: "Free prizes" }, apiToken)).project;
    await deployApp({ baseUrl: kiln.url, token: apiToken }, project.id, {
      assets: { "/index.html": enc(attackPage(kiln.url)) },
      serverCode: { entrypoint: "index.js", modules: { "index.js": enc(hostileWorker) } },
      run_worker_first: ["/sw.js", "/api/*"],
    });

    // The victim follows a path link on the builder's own host.
    await page.goto(`${kiln.url}/apps/${project.id}/`);
    const appsOrigin = `http://apps.localhost:${kiln.port}`;
    expect(page.url()).toBe(`${appsOrigin}/apps/${project.id}/`);
    await page.locator("#out").filter({ hasNotText: "running" }).waitFor({ timeout: 20_000 });
    const out = JSON.parse((await page.locator("#out").textContent())!);
    await page.screenshot({ path: screenshotPath("hostile-origin") });

    expect(out.origin).toBe(appsOrigin);
    expect(out.storage).toBe("[]");
    expect(out.cookies).toBe("");
    // The builder's API cannot be read from the app's origin, nor act for the user.
    expect(String(out.builderApi)).not.toContain("victim@example.com");
    expect(String(out.builderApi)).toMatch(/^refused|^401/);
    expect(String(out.builderProjects)).toMatch(/^refused|^401/);
    // The apps host has no builder API of its own.
    expect(out.ownHostApi).toBe(404);
    expect(out.cookieSet).toBe(200);
    // A service worker is kept to the app's own folder: Service-Worker-Allowed never reaches the browser.
    expect(String(out.swRoot)).toMatch(/^refused: SecurityError/);
    expect(out.swOwn).toBe(`${appsOrigin}/apps/${project.id}/`);

    // Back on the builder: still signed in, no service worker, no cookie from the app, and no project made by it.
    await page.goto(kiln.url);
    await page.getByLabel("New project name").waitFor();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    const builderCookies = await context.cookies(kiln.url);
    expect(builderCookies.map((c) => c.name)).not.toContain("planted");
    expect(builderCookies.map((c) => c.name)).not.toContain("mine");
    // The app's own cookie stayed on its own path of the apps host.
    const appCookies = await context.cookies(`${appsOrigin}/apps/${project.id}/`);
    expect(appCookies.find((c) => c.name === "mine")).toMatchObject({
      domain: "apps.localhost",
      path: `/apps/${project.id}/`,
    });
    expect(await page.getByText("made by the app").count()).toBe(0);
  });
});
