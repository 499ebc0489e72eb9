/**
 * Offline, from a fresh start, each of the ten descriptions becomes a deployed app through
 * Kiln's chat: its login and CRUD API work from the preview URL and its pages render in Chromium
 * without console errors. (test/scaffold checks the same apps outside Kiln.)
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/agent/plan/schema";
import prompts from "../fixtures/prompts/offline.json";
import { checkCrudApi, checkGeneratedUi } from "../scaffold/generated-app";
import { checkAuthApi } from "../template/app-checks";
import { launchBrowser } from "./browser";
import { startKiln, type RunningKiln } from "./kiln-server";
import { resolveLocalhostSubdomains } from "./localhost-dns";

let kiln: RunningKiln;
let browser: Browser;
let token: string;

beforeAll(async () => {
  resolveLocalhostSubdomains();
  [kiln, browser] = await Promise.all([startKiln(), launchBrowser()]);
  const res = await fetch(`${kiln.url}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "offline@example.com", password: "offline password" }),
  });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await browser?.close();
  await kiln?.stop();
});

async function generate(description: string): Promise<{ plan: Plan; previewUrl: string }> {
  const auth = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const { project } = (await (
    await fetch(`${kiln.url}/api/projects`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: description.slice(0, 50) }),
    })
  ).json()) as { project: { id: string } };
  const stream = await (
    await fetch(`${kiln.url}/api/chat`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ projectId: project.id, message: description }),
    })
  ).text();
  const events = stream.split("\n\n").flatMap((b) =>
    b
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => JSON.parse(l.slice(6))),
  );
  const done = events.find((e) => e.type === "done");
  expect(done, stream.slice(-800)).toBeTruthy();
  return { plan: events.find((e) => e.type === "plan").plan, previewUrl: done.previewUrl };
}

describe("ten descriptions, no model", () => {
  for (const { id, prompt } of prompts.prompts) {
    it(`${id}: "${prompt}"`, async () => {
      const { plan, previewUrl } = await generate(prompt);
      await checkAuthApi(previewUrl);
      await checkCrudApi(previewUrl, plan);
      await checkGeneratedUi(browser, previewUrl, plan, `kiln-offline-${id}`);
    });
  }
});
