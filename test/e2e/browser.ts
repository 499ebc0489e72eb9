import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export const artifactsDir = join(import.meta.dirname, "../../test-artifacts");

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function chromiumPath(): string {
  return (
    process.env.CHROMIUM_PATH ??
    execSync("command -v chromium || command -v chromium-browser", { encoding: "utf8", shell: "/bin/sh" }).trim()
  );
}

/** Debian's Chromium, driven by playwright-core (no browser downloads); `launch` gives it a fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
}

/**
 * Chromium in the profile folder `profile`, set as Chrome is by default. The preview iframe
 * (`<slug>--p<key>.localhost`) is a third party to the builder (`localhost`), and the app keeps
 * its session in localStorage: Chrome allows third-party storage by default, but Debian's
 * Chromium (and every incognito window) blocks it, which makes the app throw on load.
 */
export async function launchLikeChrome(profile: string): Promise<BrowserContext> {
  mkdirSync(join(profile, "Default"), { recursive: true });
  writeFileSync(
    join(profile, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
  );
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ARGS,
  });
}

export const screenshotPath = (name: string) => join(artifactsDir, `${name}.png`);

/**
 * How long a test waits for something that needs an answer from Kiln. Locally every isolate of
 * Kiln shares one thread, and a build gives it back only between steps: on a machine as busy as
 * CI (the worker tests run beside these), an answer can wait many seconds behind a build.
 */
export const KILN_WAIT_MS = 45_000;
