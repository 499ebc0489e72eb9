/**
 * A hostile app on a host of the same site as the builder — `<slug>.apps.example.com` beside
 * `kiln.example.com`, as in production with APPS_DOMAIN — gets the builder's SameSite cookie sent
 * along with its requests to the builder. In Chromium, with a builder user signed in: the app's
 * page cannot read the session, cannot read the builder API, and cannot act as the user.
 */
import { execSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript module shared with the CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { startKiln, type RunningKiln } from "./kiln-server";

let kiln: RunningKiln;
let browser: Browser;

beforeAll(async () => {
  kiln = await startKiln({ APPS_DOMAIN: "apps.example.com" });
  const executablePath =
    process.env.CHROMIUM_PATH ??
    execSync("command -v chromium || command -v chromium-browser", { encoding: "utf8", shell: "/bin/sh" }).trim();
  browser = await chromium.launch({
    executablePath,
    headless: true,
    // Real public-suffix names (so the browser sees one site, example.com) served by the local Kiln.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--host-resolver-rules=MAP *.example.com localhost",
    ],
  });
});

afterAll(async () => {
  // Stop Kiln even when the browser fails to close.
  await Promise.allSettled([browser?.close(), kiln?.stop()]);
});

/** The app's page: tries everything a script could with the builder's session, then reports. */
function hostilePage(builder: string) {
  return `<!doctype html><title>loading</title><body><script>
(async () => {
  const out = { cookie: document.cookie, storage: JSON.stringify({ ...localStorage, ...sessionStorage }) };
  const attempt = async (name, path, init) => {
    try {
      const res = await fetch(${JSON.stringify(builder)} + path, { credentials: "include", ...init });
      out[name] = "read " + res.status + " " + (await res.text());
    } catch (err) {
      out[name] = "blocked";
    }
  };
  // "Simple" requests: the browser sends them without asking first, cookie included.
  await attempt("write", "/api/auth/logout-all", { method: "POST" });
  await attempt("read", "/api/projects", {});
  document.body.textContent = JSON.stringify(out);
  document.title = "done";
})();
</script></body>`;
}

describe("a builder user's session, seen from a hostile app on the same site", () => {
  it("cannot be read, cannot read the builder API, and cannot act as the user", async () => {
    const builder = `http://kiln.example.com:${kiln.port}`;
    const context = await browser.newContext();
    const page = await context.newPage();

    // The builder user signs up in the browser.
    await page.goto(builder);
    await page.getByRole("tab", { name: "Sign up" }).click();
    await page.getByLabel("Email").fill("victim@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Your projects" }).waitFor({ timeout: 15_000 });
    const cookie = (await context.cookies(builder)).find((c) => c.name === "kiln_session");
    expect(cookie).toMatchObject({ domain: "kiln.example.com", httpOnly: true, sameSite: "Strict" });

    // Someone else deploys the hostile app through the deploy API.
    const post = async (path: string, body: unknown, auth?: string) =>
      (
        await fetch(`${kiln.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
          body: JSON.stringify(body),
        })
      ).json() as Promise<any>;
    const attacker = await post("/api/auth/register", { email: "attacker@example.com", password: "attacker password" });
    const apiToken = (await post("/api/tokens", { name: "deploy" }, `Bearer ${attacker.token}`)).token;
    const { project } = await post("/__api/projects", { name: "Free stickers" }, apiToken);
    await deployApp({ baseUrl: kiln.url, token: apiToken }, project.id, {
      assets: { "/index.html": new TextEncoder().encode(hostilePage(builder)) },
    });

    // The signed-in user opens the app.
    const app = await context.newPage();
    // What the browser really sent and got back, from the DevTools protocol (a request that fails
    // CORS is not reported otherwise).
    const wire = new Map<
      string,
      { url?: string; method?: string; headers?: Record<string, string>; status?: number }
    >();
    const note = (id: string, facts: object) => wire.set(id, { ...wire.get(id), ...facts });
    const cdp = await context.newCDPSession(app);
    await cdp.send("Network.enable");
    cdp.on("Network.requestWillBeSent", (e) => note(e.requestId, { url: e.request.url, method: e.request.method }));
    cdp.on("Network.requestWillBeSentExtraInfo", (e) =>
      note(e.requestId, {
        headers: Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
      }),
    );
    cdp.on("Network.responseReceivedExtraInfo", (e) => note(e.requestId, { status: e.statusCode }));
    await app.goto(`http://${project.slug}.apps.example.com:${kiln.port}/`);
    await app.waitForFunction(() => document.title === "done", null, { timeout: 15_000 });
    const seen = JSON.parse((await app.textContent("body"))!) as Record<string, string>;

    expect(seen.cookie).not.toContain("kiln_session");
    expect(seen.storage).not.toContain(cookie!.value);
    expect(seen.read).toBe("blocked");
    expect(seen.write).toBe("blocked");
    // The browser did send the builder's cookie with the app's write (same site: SameSite does not
    // stop it), and Kiln refused it for its origin.
    const write = [...wire.values()].find((r) => r.method === "POST" && r.url === `${builder}/api/auth/logout-all`);
    expect(write?.headers?.cookie).toContain(`kiln_session=${cookie!.value}`);
    expect(write?.headers?.origin).toBe(`http://${project.slug}.apps.example.com:${kiln.port}`);
    expect(write?.status).toBe(403);

    // The user is still signed in: the app could not end their sessions.
    const me = await page.evaluate(
      async () => (await (await fetch("/api/auth/session")).json()) as { user: { email: string } | null },
    );
    expect(me.user?.email).toBe("victim@example.com");
    await context.close();
  });
});
