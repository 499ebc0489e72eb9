/**
 * Point at the preview to edit it, in the browser and without a model: an offline-generated app's
 * heading is selected in the preview, its text and colour changed from the element editor, and a
 * new version shows it; the source changes in exactly those two literals and nowhere else.
 */
import type { Browser, Frame, Locator, Page } from "playwright-core";
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
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
});

afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
});

const visible = (locator: Locator, timeout = KILN_WAIT_MS) => locator.waitFor({ state: "visible", timeout });
const shot = (name: string) => page.screenshot({ path: screenshotPath(`visual-edits-${name}`) });
const previewFrame = (): Frame => {
  const frame = page.frames().find((f) => f !== page.mainFrame() && /--p[0-9a-f]+\./.test(f.url()));
  if (!frame) throw new Error("no preview frame");
  return frame;
};

/** A source file of the project as the API has it (the page's own session). */
const source = (projectId: string, path: string) =>
  page.evaluate(async ([id, p]) => (await fetch(`/api/projects/${id}/files/${p}?raw`)).text(), [
    projectId,
    path,
  ] as const);

describe("point at the preview to edit it", () => {
  it("selects a heading, changes its text and colour: one new version, the preview and only those literals change", async () => {
    await page.goto(kiln.url);
    await page.getByRole("tab", { name: "Sign up" }).click();
    await page.getByLabel("Email").fill("pointer@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByLabel("New project name").fill("Recipes");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByTestId("project-name").filter({ hasText: "Recipes" }).click();
    await page.waitForURL(/\/p\/[^/]+$/);
    const projectId = page.url().split("/p/")[1]!;

    await page.getByLabel("Message", { exact: true }).fill("a recipe box with ingredients, no login needed");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    const card = page.getByTestId("run-card").last();
    await visible(card.getByTestId("run-done").or(card.getByTestId("run-error")), 120_000);
    expect(await card.getByTestId("run-error").count(), (await card.textContent()) ?? "").toBe(0);

    const preview = page.frameLocator('[data-testid="preview-frame"]');
    const heading = preview.getByRole("heading", { level: 1 });
    await visible(heading, 30_000);
    const title = (await heading.textContent())!.trim();
    const colourBefore = await heading.evaluate((el) => getComputedStyle(el).color);
    const homeBefore = await source(projectId, "src/pages/HomePage.tsx");
    const headerBefore = await source(projectId, "src/components/PageHeader.tsx");
    expect(homeBefore).toContain(`title=${JSON.stringify(title)}`);
    // The preview is tagged with the heading's place in the source.
    expect(await heading.getAttribute("data-kiln-src")).toMatch(/^src\/components\/PageHeader\.tsx:\d+:\d+$/);

    // Select mode: clicks pick elements and never reach the app (a link does not navigate).
    await page.getByRole("button", { name: "Select" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Select" }).getAttribute("aria-pressed")).toBe("true");
    const urlBefore = previewFrame().url();
    const link = preview.getByRole("link", { name: /^New / }).first();
    await link.hover();
    await visible(preview.locator("[data-kiln-overlay]").first());
    await link.click();
    const editor = page.getByTestId("element-editor");
    await visible(editor);
    expect(previewFrame().url()).toBe(urlBefore);

    await heading.click();
    await expect.poll(() => editor.getByTestId("element-tag").textContent()).toBe("<h1>");
    await visible(editor.getByTestId("element-component").filter({ hasText: "PageHeader" }));
    expect(await editor.getByTestId("element-file").textContent()).toMatch(/^src\/components\/PageHeader\.tsx:\d+$/);
    await visible(editor.getByText("Written as the title prop of PageHeader in src/pages/HomePage.tsx."));
    await shot("1-selected");

    // The code view jumps to the element.
    await editor.getByRole("button", { name: "Open in code" }).click();
    await visible(page.getByRole("tabpanel", { name: "Code" }));
    await expect
      .poll(() => page.locator(".cm-activeLine").first().textContent(), { timeout: KILN_WAIT_MS })
      .toContain("<h1");
    await page.getByRole("tab", { name: "Preview" }).last().click();
    await visible(editor);

    // One batch, text and colour: one new version.
    const versionsBefore = await page.evaluate(
      async (id) => (await (await fetch(`/api/projects/${id}/versions`)).json()).versions.length as number,
      projectId,
    );
    await editor.getByLabel("Text", { exact: true }).fill("Family recipes");
    await editor.getByLabel("Text colour").selectOption("emerald-600");
    await editor.getByRole("button", { name: "Apply 2 changes" }).click();
    await visible(editor.getByTestId("edit-status"), 120_000);
    await shot("2-applied");

    await visible(preview.getByRole("heading", { level: 1, name: "Family recipes" }), 30_000);
    const colourAfter = await preview.getByRole("heading", { level: 1 }).evaluate((el) => getComputedStyle(el).color);
    expect(colourAfter).not.toBe(colourBefore);
    expect(colourAfter).toContain("163.2"); // emerald-600's hue in Tailwind's oklch palette

    const versions = await page.evaluate(
      async (id) => (await (await fetch(`/api/projects/${id}/versions`)).json()).versions as { prompt: string }[],
      projectId,
    );
    expect(versions.length).toBe(versionsBefore + 1);
    expect(versions[0]!.prompt).toMatch(/^Visual edit of <h1>/);
    await page.getByRole("tab", { name: "Versions" }).last().click();
    await visible(page.getByTestId("version-prompt").filter({ hasText: "Visual edit of <h1>" }).first());
    await page.getByRole("tab", { name: "Preview" }).last().click();

    // The source: the title literal where PageHeader is used, and the heading's className; nothing else.
    expect(await source(projectId, "src/pages/HomePage.tsx")).toBe(
      homeBefore.replace(`title=${JSON.stringify(title)}`, 'title="Family recipes"'),
    );
    const h1Classes = headerBefore.match(/<h1 className="([^"]*)"/)![1]!;
    expect(await source(projectId, "src/components/PageHeader.tsx")).toBe(
      headerBefore.replace(`<h1 className="${h1Classes}"`, `<h1 className="${h1Classes} text-emerald-600"`),
    );

    // A number from data says so instead of pretending to edit it (select mode stayed on across the reload).
    await preview
      .getByTestId(/^count-/)
      .first()
      .click();
    await visible(editor.getByTestId("element-tag").filter({ hasText: "<p>" }));
    await expect
      .poll(() => editor.getByTestId("text-refused").textContent())
      .toMatch(/the count prop of Stat, which src\/pages\/HomePage\.tsx:\d+ sets to \{data\.\w+\}, not a literal/);
    await shot("3-refused");

    // A chat message about the selected heading, offline: "make this green" is the same kind of edit.
    await preview.getByRole("heading", { level: 1 }).click();
    await visible(page.getByTestId("chat-scope").filter({ hasText: "<h1>" }));
    await page.getByLabel("Message", { exact: true }).fill("make this green");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    const scoped = page.getByTestId("run-card").last();
    await visible(scoped.getByTestId("run-done").or(scoped.getByTestId("run-error")), 120_000);
    expect(await scoped.getByTestId("run-error").count(), (await scoped.textContent()) ?? "").toBe(0);
    await visible(scoped.getByText(/Changed the <h1> in PageHeader .*textColor to green-600/));
    expect(await source(projectId, "src/components/PageHeader.tsx")).toBe(
      headerBefore.replace(`<h1 className="${h1Classes}"`, `<h1 className="${h1Classes} text-green-600"`),
    );
    await expect
      .poll(() => preview.getByRole("heading", { level: 1 }).evaluate((el) => getComputedStyle(el).color), {
        timeout: 30_000,
      })
      .toContain("149.2"); // green-600's hue
    await shot("4-scoped-chat");
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
