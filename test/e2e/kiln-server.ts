import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A Kiln started for tests: its own port and its own empty state folder, removed afterwards. */
export interface RunningKiln {
  url: string;
  port: number;
  /** Process group of the launcher, wrangler and workerd. */
  pgid: number;
  /** Everything Kiln printed so far (its log, and the apps' console output). */
  output(): string;
  /** Its state folder (databases, storage). */
  stateDir: string;
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Every Kiln a test file started and has not stopped, for printing their logs when a test fails (setup.ts). */
export const runningKilns = new Set<RunningKiln>();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface KilnOptions {
  /** Reuse this state folder (and keep it on stop), e.g. to restart Kiln over the same data. */
  stateDir?: string;
}

export async function startKiln(env: Record<string, string> = {}, options: KilnOptions = {}): Promise<RunningKiln> {
  const port = await freePort();
  const state = options.stateDir ?? mkdtempSync(join(tmpdir(), "kiln-e2e-"));
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    ["cli/kiln.mjs", "serve", `--port=${port}`, `--persist-to=${state}`],
    {
      cwd: join(import.meta.dirname, "../.."),
      env: { ...process.env, ...env, KILN_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));

  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Kiln exited early (${child.exitCode}):\n${output.join("")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`Kiln did not become healthy in 90 s:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 300));
  }

  const kiln: RunningKiln = {
    url,
    port,
    pgid: child.pid!,
    output: () => output.join(""),
    stateDir: state,
    /** Kills the whole platform at once, as a crash or power cut would. */
    async crash() {
      runningKilns.delete(kiln);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
      await new Promise((r) =>
        child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r),
      );
    },
    async stop() {
      runningKilns.delete(kiln);
      await endProcessGroup(child);
      if (!options.stateDir) rmSync(state, { recursive: true, force: true });
    },
  };
  runningKilns.add(kiln);
  return kiln;
}

/**
 * GET a path of an app by its host name, through the Kiln on `port`. (fetch() may not set Host,
 * and Node does not resolve `*.localhost`, so this speaks HTTP to loopback with the app's host.)
 */
export function getFromApp(port: number, host: string, path: string) {
  return requestApp(port, host, path);
}

/** Any request to an app by its host name (see getFromApp). */
export function requestApp(
  port: number,
  host: string,
  path: string,
  init: { method?: string; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: { host } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/**
 * Ends a detached child's whole process group (a launcher, wrangler and workerd), forcefully if it
 * does not go within a few seconds, so no test run leaves a server behind.
 */
export async function endProcessGroup(child: ChildProcess): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signal("SIGTERM");
  const exited = new Promise((r) =>
    child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r),
  );
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  signal("SIGKILL");
}
