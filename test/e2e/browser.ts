import { execSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const artifactsDir = join(import.meta.dirname, "../../test-artifacts");

/** Debian's Chromium, driven by playwright-core (no browser downloads); `launch` gives it a fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath =
    process.env.CHROMIUM_PATH ??
    execSync("command -v chromium || command -v chromium-browser", { encoding: "utf8", shell: "/bin/sh" }).trim();
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const screenshotPath = (name: string) => join(artifactsDir, `${name}.png`);
