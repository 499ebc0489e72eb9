import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KILN_WAIT_MS, launchBrowser, screenshotPath } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";

let kiln: RunningKiln;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [kiln, browser] = await Promise.all([startKiln(), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
});

afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
});

describe("a new user in the browser", () => {
  it("signs up, creates, renames and deletes a project, logs out and back in, signs out everywhere", async () => {
    await page.goto(kiln.url);
    await page.getByRole("tab", { name: "Sign up" }).click();
    await page.getByLabel("Email").fill("e2e@example.com");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    // The browser's own minlength check stops it before the server does.
    expect(await page.getByLabel("Password").evaluate((el: HTMLInputElement) => el.validity.tooShort)).toBe(true);

    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expectVisible(page.getByRole("heading", { name: "Your projects" }));
    await expectVisible(page.getByText("No projects yet"));
    expect(await page.getByTestId("user-email").textContent()).toBe("e2e@example.com");

    // The session is an HttpOnly, SameSite=Strict, host-only cookie: nothing a script on the page
    // can read holds it, neither document.cookie nor storage.
    const session = await sessionCookie();
    expect(session).toMatchObject({
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      domain: "localhost",
      secure: false,
    });
    const readable = await page.evaluate(() =>
      JSON.stringify({ cookie: document.cookie, local: { ...localStorage }, session: { ...sessionStorage } }),
    );
    expect(readable).not.toContain("kiln_session");
    expect(readable).not.toContain(session!.value);
    expect(readable).not.toContain(session!.value.split(".")[1]);

    await page.getByLabel("New project name").fill("Team expenses");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByLabel("New project name").fill("Recipe book");
    await page.getByRole("button", { name: "Create project" }).click();
    await expectVisible(page.getByTestId("project-name").filter({ hasText: "Recipe book" }));
    expect(await page.getByTestId("project-name").allTextContents()).toEqual(["Recipe book", "Team expenses"]);
    await page.screenshot({ path: screenshotPath("foundation-projects"), fullPage: true });

    // The list survives a reload: it comes from the server, not from page state.
    await page.reload();
    await expectVisible(page.getByTestId("project-name").filter({ hasText: "Team expenses" }));

    await page.getByRole("button", { name: "Rename Team expenses" }).click();
    await page.getByLabel("New name for Team expenses").fill("Family budget");
    await page.getByRole("button", { name: "Save" }).click();
    await expectVisible(page.getByTestId("project-name").filter({ hasText: "Family budget" }));

    await page.getByRole("button", { name: "Delete Recipe book" }).click();
    await expectVisible(page.getByText("This cannot be undone"));
    await page.getByRole("button", { name: "Delete Recipe book" }).click();
    await page.getByTestId("project-name").filter({ hasText: "Recipe book" }).waitFor({ state: "detached" });
    expect(await page.getByTestId("project-name").allTextContents()).toEqual(["Family budget"]);

    await page.getByRole("button", { name: "Log out" }).click();
    await expectVisible(page.getByRole("button", { name: "Create account" }));
    // Log-out ended the session on the server: the old token is refused wherever it was kept.
    expect(await sessionCookie()).toBeUndefined();
    expect((await fetch(`${kiln.url}/api/me`, { headers: { authorization: `Bearer ${session!.value}` } })).status).toBe(
      401,
    );
    await page.getByRole("tab", { name: "Log in" }).click();
    await page.getByLabel("Email").fill("e2e@example.com");
    await page.getByLabel("Password").fill("the wrong password");
    await page.getByRole("button", { name: "Log in" }).last().click();
    await expectVisible(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }));
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Log in" }).last().click();
    await expectVisible(page.getByTestId("project-name").filter({ hasText: "Family budget" }));
    await page.screenshot({ path: screenshotPath("foundation-logged-in"), fullPage: true });

    // Another session of the account (an API client), then "Sign out everywhere" in Settings.
    const apiLogin = await fetch(`${kiln.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "e2e-api-client" },
      body: JSON.stringify({ email: "e2e@example.com", password: "a good long password" }),
    });
    const apiToken = ((await apiLogin.json()) as { token: string }).token;
    await page.getByTestId("project-name").filter({ hasText: "Family budget" }).click();
    await page.waitForURL(/\/p\/[^/]+$/);
    await page.getByRole("tab", { name: "Settings" }).click();
    await expectVisible(page.getByTestId("session").filter({ hasText: "this browser" }));
    await expectVisible(page.getByTestId("session").filter({ hasText: "e2e-api-client" }));
    expect(await page.getByTestId("session").count()).toBe(2);
    await page
      .getByRole("region", { name: "Signed-in sessions" })
      .screenshot({ path: screenshotPath("foundation-sessions") });
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expectVisible(page.getByRole("button", { name: "Create account" }));
    expect(await sessionCookie()).toBeUndefined();
    expect((await fetch(`${kiln.url}/api/me`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(401);

    // The only console error allowed is the 401 of the deliberately wrong password.
    expect(consoleErrors.filter((e) => !e.includes("401"))).toEqual([]);
  });
});

async function sessionCookie() {
  return (await page.context().cookies(kiln.url)).find((c) => c.name === "kiln_session");
}

async function expectVisible(locator: ReturnType<Page["getByText"]>) {
  await locator.waitFor({ state: "visible", timeout: KILN_WAIT_MS });
  expect(await locator.isVisible()).toBe(true);
}
