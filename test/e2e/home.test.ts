/**
 * The home page's box in Chromium: a description becomes a project named by its plan, whose
 * workspace opens with the generation already running, and then a live app in the preview; a
 * change can be undone from its run card (the preview goes back to the version before it); and a
 * run made with a recorded model transcript shows what it cost, which Settings adds up and caps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { knownPrices } from "../../src/ai/prices";
import { slugify } from "../../src/store/slug";
import { APP_DESCRIPTIONS, transcript } from "../fixtures/transcripts";
import { KILN_WAIT_MS, launchLikeChrome, screenshotPath } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";

let kiln: RunningKiln;
let browser: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const profile = mkdtempSync(join(tmpdir(), "kiln-e2e-home-"));

beforeAll(async () => {
  // Recorded transcripts may stand in for a model in this Kiln (a user chooses one through the API).
  [kiln, browser] = await Promise.all([startKiln({ ALLOW_REPLAY_PROVIDER: "true" }), launchLikeChrome(profile)]);
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
});

beforeEach(() => {
  onTestFailed(async () => {
    await shot("failure").catch(() => undefined);
    console.log(`console errors:\n${consoleErrors.join("\n")}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
  rmSync(profile, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: screenshotPath(`home-${name}`) });
const visible = (locator: Locator, timeout = KILN_WAIT_MS) => locator.waitFor({ state: "visible", timeout });
const preview = () => page.frameLocator('[data-testid="preview-frame"]');

async function signUp(email: string) {
  await page.goto(kiln.url);
  const logOut = page.getByRole("button", { name: "Log out" });
  await visible(logOut.or(page.getByRole("tab", { name: "Sign up" })));
  if (await logOut.isVisible()) {
    // The page's own first requests (the project list) must be answered before the session ends:
    // one still on its way when it does is refused with a 401, which Chromium logs as an error.
    await page.waitForLoadState("networkidle");
    await logOut.click();
  }
  await page.getByRole("tab", { name: "Sign up" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await visible(page.getByLabel("What do you want to build?"));
}

/** Waits for the run card's end; it must have succeeded. */
async function finished(card: Locator): Promise<Locator> {
  await visible(card.getByTestId("run-done").or(card.getByTestId("run-error")), 120_000);
  expect(await card.getByTestId("run-error").count(), (await card.textContent()) ?? "").toBe(0);
  return card;
}

/** Opens the app's "New todo" form in the preview (its user signed in) and says whether it has a Priority field. */
async function previewFormHasPriority(): Promise<boolean> {
  const frame = preview();
  await visible(frame.getByRole("heading", { name: "Welcome, owner@example.com" }), 30_000);
  await frame
    .getByRole("navigation", { name: "Main" })
    .getByRole("listitem")
    .getByRole("link", { name: "Todos", exact: true })
    .click();
  await frame.getByRole("link", { name: "New todo" }).first().click();
  await visible(frame.getByLabel("Title", { exact: true }));
  return (await frame.getByLabel("Priority", { exact: true }).count()) > 0;
}

describe("the home page's box", () => {
  it("turns a description into a named project generating in its workspace, then a live app; a change is undone from its card", async () => {
    await signUp("home@example.com");
    await shot("1-home");
    // A suggestion fills the box; nothing is sent until the person says so.
    await page
      .getByRole("list", { name: "Suggestions" })
      .getByRole("button", { name: "A todo list with due dates" })
      .click();
    expect(await page.getByLabel("What do you want to build?").inputValue()).toBe("A todo list with due dates");
    await page.getByRole("button", { name: "Build it" }).click();

    // The workspace opens with the run already going: no message was typed in its chat.
    await page.waitForURL(/\/p\/[^/]+$/);
    const card = page.getByTestId("run-card").first();
    await visible(card);
    await visible(page.getByTestId("user-message").filter({ hasText: "A todo list with due dates" }));
    await finished(card);
    await shot("2-generated");

    // Named after the plan's title (not the description), with the slug to match: the preview's host.
    const title = (await page.getByTestId("workspace-title").textContent())!;
    expect(title).not.toBe("A todo list with due dates");
    await expect
      .poll(() => page.getByTestId("preview-frame").getAttribute("src"))
      .toMatch(new RegExp(`^http://${slugify(title)}--p[0-9a-f]{20}\\.localhost:\\d+/$`));
    // A live app: its sign-in page, and an app user who signs up.
    const frame = preview();
    await visible(frame.getByRole("heading", { name: "Sign in" }), 30_000);
    await frame.getByRole("link", { name: "Create one" }).click();
    await frame.getByLabel("Email").fill("owner@example.com");
    await frame.getByLabel("Password").fill("a good long password");
    await frame.getByRole("button", { name: "Create account" }).click();
    expect(await previewFormHasPriority()).toBe(false);
    // Offline runs call no model: no cost line.
    expect(await card.getByTestId("run-cost").count()).toBe(0);

    // A change, then "Undo this change" on its card: the preview is back to the version before it.
    await page.getByLabel("Message", { exact: true }).fill("add a priority field to todos");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    const change = await finished(page.getByTestId("run-card").nth(1));
    expect(await previewFormHasPriority()).toBe(true);
    const changedUrl = await page.getByTestId("preview-url").inputValue();
    await change.getByRole("button", { name: "Undo this change" }).click();
    const result = change.getByTestId("undo-result");
    await visible(result, 60_000);
    expect(await result.textContent()).toMatch(/Undid “add a priority field to todos”/);
    await expect.poll(() => page.getByTestId("preview-url").inputValue()).not.toBe(changedUrl);
    expect(await previewFormHasPriority()).toBe(false);
    await shot("3-undone");
    // Nothing lost: the versions list has the change and the undo; Redo brings the change back.
    await page.getByRole("tab", { name: "Versions" }).click();
    await expect.poll(() => page.getByTestId("version").count(), { timeout: KILN_WAIT_MS }).toBe(3);
    await page.getByRole("tab", { name: "Preview" }).click();
    await change.getByRole("button", { name: "Redo" }).click();
    await expect
      .poll(async () => (await change.getByTestId("undo-result").textContent()) ?? "")
      .toMatch(/Undid the restore of version/);
    expect(await previewFormHasPriority()).toBe(true);
    // The chat keeps what happened.
    await page.reload();
    await visible(page.getByText(/Undid “add a priority field to todos”/).first());

    // Naming a project by hand still works, from the same page.
    await page.getByRole("link", { name: "← Projects" }).click();
    await page.getByLabel("New project name").fill("Named by hand");
    await page.getByRole("button", { name: "Create project" }).click();
    await visible(page.getByTestId("project-name").filter({ hasText: "Named by hand" }));
    await visible(page.getByTestId("project-name").filter({ hasText: title }));
    expect(consoleErrors).toEqual([]);
  });

  it("plans first from the home page: the plan waits in the workspace, named by its title", async () => {
    await signUp("planner-home@example.com");
    await page.getByLabel("What do you want to build?").fill("A recipe book");
    await page.getByLabel("Plan first").check();
    await page.getByLabel("What do you want to build?").press("Enter");
    await page.waitForURL(/\/p\/[^/]+$/);
    const card = page.getByTestId("run-card").first();
    await visible(card.getByRole("button", { name: "Approve and build" }), 60_000);
    expect(await card.locator('[data-phase="scaffold"]').getAttribute("data-status")).toBe("pending");
    await expect.poll(() => page.getByTestId("workspace-title").textContent()).not.toBe("A recipe book");
    await shot("4-plan-first");
  });
});

describe("what a run cost", () => {
  it("shows the tokens, model time and cost of a run made with a recorded transcript; Settings adds it up and its budget refuses the next", async () => {
    await signUp("cost@example.com");
    const t = transcript("todo-clean");
    // The user's model is the recorded transcript (GLM-4.7-flash's, with its recorded usage).
    const saved = await page.evaluate(
      async (body) => {
        const res = await fetch("/api/settings/ai", {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        return res.status;
      },
      { provider: "replay", transcript: t },
    );
    expect(saved).toBe(200);

    await page.getByLabel("What do you want to build?").fill(APP_DESCRIPTIONS.todo);
    await page.getByRole("button", { name: "Build it" }).click();
    await page.waitForURL(/\/p\/[^/]+$/);
    const card = await finished(page.getByTestId("run-card").first());

    const usage = t.turns.map((turn) => turn.usage!);
    const input = usage.reduce((n, u) => n + u.inputTokens, 0);
    const output = usage.reduce((n, u) => n + u.outputTokens, 0);
    const prices = knownPrices(t.model!)!;
    const cost = (input * prices.input + output * prices.output) / 1e6;
    const line = card.getByTestId("run-cost");
    await visible(line);
    expect(await line.textContent()).toMatch(
      new RegExp(`${input.toLocaleString("en-US")} tokens in · ${output.toLocaleString("en-US")} out · model \\d`),
    );
    const shown = (await card.getByTestId("run-cost-usd").textContent())!;
    expect(shown).toMatch(/^\$0\.00\d+$/);
    // Shown to two significant digits, as small amounts are.
    expect(shown).toBe(`$${Number(cost.toPrecision(2))}`);
    await shot("5-cost");

    // Settings: the month's total, and a budget below it.
    await page.getByRole("tab", { name: "Settings" }).click();
    await visible(page.getByTestId("usage-month").filter({ hasText: shown }));
    await page.getByLabel("Monthly budget (US dollars)").fill("0.0001");
    await page.getByRole("button", { name: "Save budget" }).click();
    await visible(page.getByTestId("usage-settings").getByText("Saved."));
    await visible(page.getByTestId("usage-settings").getByRole("alert"));
    await shot("6-budget");

    // The next model run is refused before any call, saying what was spent, the budget and where to change it.
    await page.getByRole("tab", { name: "Preview" }).click();
    await page.getByLabel("Message", { exact: true }).fill("add a priority field to todos");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    const refused = page.getByTestId("run-card").nth(1);
    await visible(refused.getByTestId("run-error"), 60_000);
    const message = (await refused.getByTestId("run-error").textContent())!;
    expect(message).toContain("$0.0001");
    expect(message).toMatch(/Settings → Usage and budget/);
    expect(await refused.getByRole("button", { name: "Try to fix" }).count()).toBe(0);
    expect(await refused.getByTestId("run-cost").count()).toBe(0);
    await shot("7-refused");
    expect(consoleErrors).toEqual([]);
  });
});
