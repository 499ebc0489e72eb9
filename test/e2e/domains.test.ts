/**
 * Settings → Domains in the browser, on a local Kiln (no Cloudflare account): a refused name says
 * why; an added one is active at once with a note that it is local, its DNS record and no
 * certificate; the project's production URL becomes the domain; the app answers on it (from
 * Chromium, which is told the name is this machine, and from Node with a Host header); removing
 * it stops that.
 */
import { execSync } from "node:child_process";
import { request as httpRequest } from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript shared with the Node CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { screenshotPath } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";

const DOMAIN = "shop.example.org";
let kiln: RunningKiln;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const executablePath =
    process.env.CHROMIUM_PATH ??
    execSync("command -v chromium || command -v chromium-browser", { encoding: "utf8", shell: "/bin/sh" }).trim();
  [kiln, browser] = await Promise.all([
    // The app is static files, which the platform serves itself: no app sandbox to start.
    startKiln({ KILN_SANDBOX: "off" }),
    // The custom domain resolves to this machine, as its DNS record would make it.
    chromium.launch({
      executablePath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        `--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1`,
      ],
    }),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("dialog", (dialog) => void dialog.accept());
});

afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
});

/** GET / of the local Kiln with another Host header, as `curl -H 'Host: …' localhost:<port>/` sends it. */
function getWithHost(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: kiln.port, path: "/", headers: { host } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("Settings → Domains", () => {
  it("adds a custom domain locally, shows it active with its record, serves the app on it, and removes it", async () => {
    await page.goto(kiln.url);
    await page.getByRole("tab", { name: "Sign up" }).click();
    await page.getByLabel("Email").fill("domains@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByLabel("New project name").fill("Corner shop");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByTestId("project-name").filter({ hasText: "Corner shop" }).click();
    await page.waitForURL(/\/p\/[^/]+$/);
    const projectId = page.url().split("/p/")[1]!;

    // Publish an app through the deploy API with a token of this account (the browser's session makes it).
    const made = await page.request.post(`${kiln.url}/api/tokens`, {
      data: { name: "e2e" },
      headers: { origin: kiln.url },
    });
    expect(made.status()).toBe(201);
    const { token } = (await made.json()) as { token: string };
    await deployApp({ baseUrl: kiln.url, token }, projectId, {
      assets: {
        "/index.html": new TextEncoder().encode("<!doctype html><title>Corner shop</title><h1>Corner shop front</h1>"),
      },
    });

    await page.reload();
    await page.getByRole("tab", { name: "Settings" }).click();
    const panel = page.getByTestId("domains");
    await panel.getByText("No domains yet.").waitFor();

    // A name Kiln cannot take is refused in words.
    await panel.getByLabel("Domain").fill("shop.localhost");
    await panel.getByRole("button", { name: "Add domain" }).click();
    await expect
      .poll(() => panel.getByRole("alert").textContent())
      .toMatch(/local name that only ever reaches the machine/);

    await panel.getByLabel("Domain").fill(DOMAIN);
    await panel.getByRole("button", { name: "Add domain" }).click();
    const item = panel.getByTestId("domain").filter({ hasText: DOMAIN });
    await item.waitFor();
    expect(await item.getByTestId("domain-status").textContent()).toBe("Active");
    expect(await item.getByTestId("domain-ssl").textContent()).toBe("no certificate (local)");
    expect(await item.getByTestId("domain-local").textContent()).toContain(`Host: ${DOMAIN}`);
    expect(
      (await item.getByTestId("domain-records").locator("tbody tr").allTextContents()).map((t) =>
        t.replace(/\s+/g, " "),
      ),
    ).toEqual([`CNAME${DOMAIN}localhostsends the domain to this app`]);

    // The project's URLs now show the domain.
    const url = `http://${DOMAIN}:${kiln.port}/`;
    await page.getByRole("link", { name: url }).first().waitFor();
    await page.screenshot({ path: screenshotPath("domains-active") });

    // The app answers on the domain: in the browser, and to a request carrying only the Host header.
    const shop = await browser.newPage();
    await shop.goto(url);
    expect(await shop.locator("h1").textContent()).toBe("Corner shop front");
    await shop.close();
    const curl = await getWithHost(DOMAIN);
    expect([curl.status, curl.body.includes("Corner shop front")]).toEqual([200, true]);

    await item.getByRole("button", { name: `Remove ${DOMAIN}` }).click();
    await panel.getByText("No domains yet.").waitFor();
    await page.getByRole("link", { name: url }).first().waitFor({ state: "detached" });
    const after = await getWithHost(DOMAIN);
    expect(after.body).not.toContain("Corner shop front");
  });
});
