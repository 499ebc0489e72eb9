import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { randomBytes } from "node:crypto";
import { endProcessGroup, freePort } from "../e2e/kiln-server";

/**
 * Runs a Kiln app project the way its README says, outside Kiln: `vite build`, wrangler's local D1
 * migrations, `wrangler dev`. Uses the repository's node_modules (symlinked), so nothing is
 * downloaded; wrangler works offline.
 */
export const repoRoot = join(import.meta.dirname, "../..");
const bin = (name: string) => join(repoRoot, "node_modules/.bin", name);
// Vitest sets NODE_ENV=test; passed on, it would make `vite build` bundle React's development
// build (StrictMode's double effects included). The project must build as it would from a shell.
const { NODE_ENV: _vitestNodeEnv, ...inheritedEnv } = process.env;
const childEnv = { ...inheritedEnv, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "1" };

export interface LocalApp {
  /** The app's root, with a trailing slash: http://127.0.0.1:<port>/ */
  url: string;
  /** The copy of the project that was built and is being served. */
  dir: string;
  buildMs: number;
  buildOutput: string;
  migrateOutput: string;
  /** Everything wrangler dev printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Copies `projectDir` (relative to the repo) to a temp dir, builds, migrates and serves it. */
export async function startLocalApp(projectDir: string): Promise<LocalApp> {
  const work = mkdtempSync(join(tmpdir(), `kiln-template-${basename(projectDir)}-`));
  const dir = join(work, "app");
  const state = join(work, "state");
  cpSync(join(repoRoot, projectDir), dir, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|\.wrangler)$/.test(src),
  });
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");

  const started = Date.now();
  const buildOutput = await run(bin("vite"), ["build"], dir);
  const buildMs = Date.now() - started;
  const migrateOutput = await run(
    bin("wrangler"),
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state],
    dir,
  );

  const port = await freePort();
  const inspectorPort = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(
    bin("wrangler"),
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      state,
      "--var",
      `JWT_SECRET:${randomBytes(32).toString("hex")}`,
      "--show-interactive-dev-session=false",
    ],
    { cwd: dir, env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));

  const stop = async () => {
    await endProcessGroup(child);
    rmSync(work, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited early (${child.exitCode}):\n${output.join("")}`);
    }
    try {
      if ((await fetch(`${url}api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer in 60 s:\n${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return { url, dir, buildMs, buildOutput, migrateOutput, log: () => output.join(""), stop };
}

/** `npm run typecheck` of a project: strict TypeScript for src/ (browser) and worker/ (Workers). */
export async function typecheck(dir: string): Promise<void> {
  await run(bin("tsc"), ["-p", "tsconfig.json"], dir);
  await run(bin("tsc"), ["-p", "worker/tsconfig.json"], dir);
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${basename(command)} ${args.join(" ")} failed (${code}):\n${output}`)),
    );
  });
}
