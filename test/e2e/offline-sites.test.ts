/**
 * Requests that are not data apps, in the workspace with no model: a bakery's landing page becomes
 * a public page (its name and phone in the preview, no sign-in anywhere, readable on a phone), and
 * a pomodoro timer gets a plain reply in the chat and no version.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KILN_WAIT_MS, launchBrowser, screenshotPath } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";
import { resolveLocalhostSubdomains } from "./localhost-dns";

let kiln: RunningKiln;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  resolveLocalhostSubdomains();
  [kiln, browser] = await Promise.all([startKiln(), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
});

afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
});

const visible = (locator: Locator, timeout = KILN_WAIT_MS) => locator.waitFor({ state: "visible", timeout });
const shot = (name: string) => page.screenshot({ path: screenshotPath(`offline-sites-${name}`) });

/** Signs up (the first time), creates a project and opens its workspace. */
async function openNewProject(name: string) {
  await page.goto(kiln.url);
  const signUp = page.getByRole("tab", { name: "Sign up" });
  const newProject = page.getByLabel("New project name");
  await visible(signUp.or(newProject));
  if (await signUp.isVisible()) {
    await signUp.click();
    await page.getByLabel("Email").fill("sites@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
  }
  await page.getByLabel("New project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByTestId("project-name").filter({ hasText: name }).click();
  await page.waitForURL(/\/p\/[^/]+$/);
  await visible(page.getByText("What should this app do?"));
}

/** Sends a message and waits for its run to end without an error; returns the run's card. */
async function send(message: string): Promise<Locator> {
  await page.getByLabel("Message", { exact: true }).fill(message);
  await page.getByLabel("Message", { exact: true }).press("Enter");
  const card = page.getByTestId("run-card").last();
  await visible(card);
  await visible(card.getByTestId("run-done").or(card.getByTestId("run-error")), 90_000);
  expect(await card.getByTestId("run-error").count(), (await card.textContent()) ?? "").toBe(0);
  return card;
}

describe("offline requests that are not data apps", () => {
  it("a bakery's landing page: the preview shows its name and phone, and no sign-in", async () => {
    await openNewProject("Crumb & Co");
    const card = await send("a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000");

    // The plan card shows the site's sections and the contact details it carries.
    const plan = card.getByTestId("plan-site");
    await visible(plan);
    for (const heading of ["About us", "Menu", "Opening hours", "Contact"])
      await visible(plan.getByTestId("plan-section").filter({ hasText: heading }));
    await visible(card.getByTestId("plan-contact").getByText("0113 496 0000"));
    expect(await card.getByTestId("plan-table").count()).toBe(0);
    await shot("1-plan");

    // The preview: the name, the phone as a link that calls it, the hours; no sign-in anywhere.
    const preview = page.frameLocator('[data-testid="preview-frame"]');
    await visible(preview.getByRole("heading", { level: 1, name: "Crumb & Co" }), 30_000);
    const call = preview.getByRole("link", { name: "Call 0113 496 0000" });
    await visible(call);
    expect(await call.getAttribute("href")).toBe("tel:01134960000");
    await visible(preview.getByRole("heading", { name: "Opening hours" }));
    await visible(preview.getByText("8-4", { exact: true }));
    await visible(preview.getByText("Placeholder").first());
    expect(await preview.getByText(/sign in|sign up|create account|log in/i).count()).toBe(0);
    expect(await preview.getByRole("textbox").count()).toBe(0);
    await shot("2-preview");

    // The same page on a phone: nothing wider than the screen, the section links in reach.
    const previewUrl = await page.getByTestId("preview-url").inputValue();
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const phoneErrors: string[] = [];
    phone.on("pageerror", (err) => phoneErrors.push(String(err)));
    phone.on("console", (msg) => msg.type() === "error" && phoneErrors.push(msg.text()));
    try {
      await phone.goto(previewUrl);
      await visible(phone.getByRole("heading", { level: 1, name: "Crumb & Co" }));
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contact" }).click();
      await expect.poll(() => phone.evaluate(() => location.hash)).toBe("#contact");
      await visible(phone.locator("#contact").getByRole("link", { name: "0113 496 0000" }));
      await phone.screenshot({ path: screenshotPath("offline-sites-3-phone"), fullPage: true });
      expect(phoneErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it("a pomodoro timer: the chat shows the reply and no version is made", async () => {
    await openNewProject("Pomodoro");
    const card = await send("a pomodoro timer");
    const done = card.getByTestId("run-done");
    await visible(done.getByText(/Kiln cannot build a timer without an AI model/));
    await visible(done.getByText(/Connect one in Settings/));
    await visible(done.getByText("Nothing was built"));
    expect(await card.getByTestId("plan-card").count()).toBe(0);
    await expect.poll(() => card.locator('[data-phase="scaffold"]').getAttribute("data-status")).toBe("skipped");
    await shot("4-reply");

    // No version, nothing to preview.
    await visible(page.getByText("Nothing to preview yet."));
    await page.getByRole("tab", { name: "Versions" }).click();
    await visible(page.getByText("No versions yet."));
    expect(await page.getByTestId("version").count()).toBe(0);

    // After a reload the reply is still in the chat.
    await page.reload();
    await visible(
      page
        .getByTestId("run-card")
        .last()
        .getByText(/Kiln cannot build a timer/),
    );
    expect(consoleErrors).toEqual([]);
  });

  it("plan first: the site's plan waits with its sections; an answer changes it offline; approving builds it", async () => {
    await openNewProject("Lina Park");
    await page.getByLabel("Plan first").check();
    await page
      .getByLabel("Message", { exact: true })
      .fill(
        "portfolio site for me, Lina Park, an architect in Busan — a short bio, selected projects and my email lina@linapark.kr",
      );
    await page.getByLabel("Message", { exact: true }).press("Enter");
    const proposal = page.getByTestId("run-card").last();
    await visible(proposal.getByRole("button", { name: "Approve and build" }), 60_000);
    const plan = proposal.getByTestId("plan-site");
    for (const heading of ["Bio", "Selected projects", "Get in touch"])
      await visible(plan.getByTestId("plan-section").filter({ hasText: heading }));
    await visible(proposal.getByTestId("plan-contact").getByText("lina@linapark.kr"));
    // A site's words change by chat, not by the table editor.
    expect(await proposal.getByRole("button", { name: "Edit plan" }).count()).toBe(0);

    const revised = await send("rename the selected projects section to Buildings");
    await visible(revised.getByTestId("plan-section").filter({ hasText: "Buildings" }));
    await revised.getByRole("button", { name: "Approve and build" }).click();
    const built = page.getByTestId("run-card").last();
    await visible(built.getByTestId("run-done").or(built.getByTestId("run-error")), 90_000);
    expect(await built.getByTestId("run-error").count(), (await built.textContent()) ?? "").toBe(0);
    const preview = page.frameLocator('[data-testid="preview-frame"]');
    await visible(preview.getByRole("heading", { level: 1, name: "Lina Park" }), 30_000);
    await visible(preview.getByRole("heading", { name: "Buildings" }));
    await visible(preview.getByRole("link", { name: "Email lina@linapark.kr" }));
    await page.getByLabel("Plan first").uncheck();
    await shot("5-plan-first");
  });
});
