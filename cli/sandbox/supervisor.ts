import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { DATABASE_NAMESPACE, DATABASES_DIR, runnerConfig } from "./runner-config.ts";

/**
 * The local sandbox: every app runs in a workerd process of its own, started on its first request
 * and watched from here. Local workerd enforces no CPU or memory limits and runs all isolates on
 * one thread, so an app that spins (a loop, a regex, a recursive SQL query, anything) would stall
 * the platform and every other app; here it stalls only its own process, which this supervisor
 * stops once a request has used its CPU budget or the process grows past the memory limit. The
 * request ends with a 503 that says why, and the next request starts a fresh process over the same
 * databases. The platform talks to the supervisor over loopback HTTP (src/hosting/sandbox/host.ts).
 */

export interface SandboxSettings {
  /** Where each project's databases live (a folder per project), and the runner's config. */
  stateDir: string;
  /** Where `wrangler dev` keeps the databases of apps that ran in-process (before the sandbox), to move them in. */
  legacyDatabases: string;
  /** The bundled runner Worker (src/hosting/sandbox/runner.ts). */
  runnerScript: string;
  /** The workerd binary. */
  workerd: string;
  platformPort: number;
  /** CPU per request when the platform does not say (it always does). */
  cpuMs: number;
  /** V8 heap per isolate; the whole process may use twice that plus its own baseline. */
  memoryMb: number;
  /** Processes kept at once; past that the least recently used idle one is stopped. */
  maxProcesses: number;
  /** An idle process is stopped after this long. */
  idleMs: number;
  platformHosts: string;
  appsDomain: string;
  log(line: string): void;
}

export interface Sandbox {
  url: string;
  secret: string;
  close(): Promise<void>;
}

type StopReason = "cpu" | "memory" | "crashed" | "unavailable";

interface Flight {
  budgetMs: number;
  cpuMs: number;
  /** Ends the request with a 503 (if nothing was sent yet) or cuts it off. */
  stop(reason: StopReason): void;
}

interface Runner {
  projectId: string;
  child: ChildProcess;
  port: number;
  ready: Promise<void>;
  agent: Agent;
  flights: Set<Flight>;
  /** CPU of work left running after a response, less what requests since have used (see the watchdog). */
  idleCpuMs: number;
  /** How long the process has used next to no CPU. */
  quietMs: number;
  lastCpuMs: number;
  lastUsed: number;
  stopping: StopReason | null;
  exited: Promise<void>;
  stderrTail: string;
}

const SAMPLE_MS = 20;
/**
 * How long an idle connection from the platform stays open. Node's default (5 s) is close to how
 * long workerd keeps a pooled connection itself; when the server closes a connection the client
 * is just reusing, the request on it is lost ("Network connection lost"), so the platform, the
 * client, should always be the one to close.
 */
const PLATFORM_IDLE_MS = 65_000;
const QUIET_MS = 200;
/** What a sandbox process uses before any app loads (workerd, the runner, SQLite). */
const BASELINE_MB = 96;
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export async function startSandbox(settings: SandboxSettings): Promise<Sandbox> {
  const secret = randomBytes(32).toString("hex");
  mkdirSync(settings.stateDir, { recursive: true });
  copyFileSync(settings.runnerScript, join(settings.stateDir, "runner.js"));
  const configPath = join(settings.stateDir, "runner.capnp");
  writeFileSync(
    configPath,
    runnerConfig({
      runnerFile: "runner.js",
      platformPort: settings.platformPort,
      memoryMb: settings.memoryMb,
      platformHosts: settings.platformHosts,
      appsDomain: settings.appsDomain,
    }),
  );
  const rssLimitBytes = (BASELINE_MB + 2 * settings.memoryMb) * 1024 * 1024;
  const runners = new Map<string, Runner>();
  const recentStops: { projectId: string; reason: StopReason; at: string }[] = [];

  const databasesOf = (projectId: string) => join(settings.stateDir, "databases", projectId);

  function spawnRunner(projectId: string): Runner {
    evictIfFull();
    const firstStart = !existsSync(databasesOf(projectId));
    mkdirSync(databasesOf(projectId), { recursive: true });
    const child = spawn(
      settings.workerd,
      [
        "serve",
        configPath,
        "--experimental",
        "--control-fd=3",
        "--directory-path",
        `${DATABASES_DIR}=${databasesOf(projectId)}`,
      ],
      {
        stdio: ["ignore", "pipe", "pipe", "pipe"],
        env: { KILN_PROJECT: projectId, KILN_SANDBOX_SECRET: secret, PATH: process.env.PATH ?? "" },
      },
    );
    const runner: Runner = {
      projectId,
      child,
      port: 0,
      ready: Promise.resolve(),
      agent: new Agent({ keepAlive: true }),
      flights: new Set(),
      idleCpuMs: 0,
      quietMs: 0,
      lastCpuMs: 0,
      lastUsed: Date.now(),
      stopping: null,
      exited: new Promise((resolve) => child.once("exit", () => resolve())),
      stderrTail: "",
    };
    // Same priority as the platform: the watchdog bounds what an app may take, and a process
    // below the platform's priority starves on a busy machine, so honest requests of an app
    // took seconds (and its CPU trickled over so long that it looked like work left running).
    const prefix = `app ${projectId}: `;
    child.stdout!.on("data", (d) => settings.log(prefix + String(d).trimEnd()));
    child.stderr!.on("data", (d) => {
      const text = String(d);
      runner.stderrTail = (runner.stderrTail + text).slice(-4000);
      settings.log(prefix + text.trimEnd());
    });
    runner.ready = new Promise<void>((resolve, reject) => {
      let buffered = "";
      child.stdio[3]!.on("data", (d) => {
        buffered += String(d);
        for (const line of buffered.split("\n").slice(0, -1)) {
          try {
            const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
            if (message.event === "listen" && message.socket === "http" && message.port) {
              runner.port = message.port;
              const started = firstStart ? adoptLegacyDatabases(runner) : Promise.resolve();
              started.then(() => {
                runner.lastCpuMs = cpuMsOf(child.pid!);
                resolve();
              }, reject);
            }
          } catch {
            /* not a control message */
          }
        }
        buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
      });
      child.once("exit", (code) =>
        reject(new Error(`the app's process could not start (exit ${code}): ${runner.stderrTail.slice(-500)}`)),
      );
    });
    runner.ready.catch(() => {});
    child.once("exit", () => {
      const reason: StopReason =
        runner.stopping ?? (/heap limit|heap out of memory/i.test(runner.stderrTail) ? "memory" : "crashed");
      if (!runner.stopping && runner.flights.size > 0) record(projectId, reason);
      for (const flight of runner.flights) flight.stop(reason);
      runner.flights.clear();
      runner.agent.destroy();
      if (runners.get(projectId) === runner) runners.delete(projectId);
    });
    runners.set(projectId, runner);
    return runner;
  }

  /**
   * Databases of an app that ran inside the platform's own process (Kiln before the sandbox, or
   * KILN_SANDBOX=off) move into the app's sandbox on its first start: same object ids, same files.
   */
  async function adoptLegacyDatabases(runner: Runner) {
    if (!existsSync(settings.legacyDatabases)) return;
    const res = await fetch(`http://127.0.0.1:${runner.port}/ids`, { headers: { "x-kiln-sandbox-secret": secret } });
    const ids = (await res.json()) as Record<string, string>;
    const target = join(databasesOf(runner.projectId), DATABASE_NAMESPACE);
    for (const id of Object.values(ids)) {
      const file = join(settings.legacyDatabases, `${id}.sqlite`);
      if (!/^[0-9a-f]{64}$/.test(id) || !existsSync(file)) continue;
      mkdirSync(target, { recursive: true });
      for (const suffix of ["", "-wal", "-shm"])
        if (existsSync(file + suffix)) renameSync(file + suffix, join(target, `${id}.sqlite${suffix}`));
      settings.log(`sandbox: moved a database of app ${runner.projectId} into its sandbox`);
    }
  }

  function record(projectId: string, reason: StopReason) {
    recentStops.push({ projectId, reason, at: new Date().toISOString() });
    if (recentStops.length > 100) recentStops.shift();
    settings.log(`sandbox: stopped the process of app ${projectId} (${reason})`);
  }

  function stop(runner: Runner, reason: StopReason) {
    if (runner.stopping) return;
    runner.stopping = reason;
    if (reason === "cpu" || reason === "memory") record(runner.projectId, reason);
    runner.child.kill("SIGKILL");
  }

  function evictIfFull() {
    if (runners.size < settings.maxProcesses) return;
    const idle = [...runners.values()]
      .filter((r) => r.flights.size === 0 && !r.stopping)
      .sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (idle) stop(idle, "unavailable");
  }

  /** The project's process, started if needed (after a stopped one has fully exited: they share files). */
  async function runnerFor(projectId: string): Promise<Runner> {
    let runner = runners.get(projectId);
    if (runner?.stopping) {
      await runner.exited;
      runner = runners.get(projectId);
    }
    if (!runner) runner = spawnRunner(projectId);
    await runner.ready;
    runner.lastUsed = Date.now();
    return runner;
  }

  // The watchdog. CPU spent while requests are in flight is shared out among them, each against
  // its own budget. CPU spent with none in flight is work an app left running after answering
  // (ctx.waitUntil, timers): it adds up until the process has been quiet for a while, and only
  // the app's own requests work it off, so a process that spins between requests is stopped
  // however busy the machine is, while an honest app that is busy with request after request
  // (a little garbage collection after each answer) never is. Memory is the whole process's.
  const watchdog = setInterval(() => {
    for (const runner of runners.values()) {
      if (!runner.port || runner.stopping || runner.child.pid === undefined) continue;
      const cpu = cpuMsOf(runner.child.pid);
      const used = Math.max(0, cpu - runner.lastCpuMs);
      runner.lastCpuMs = cpu;
      // CPU time comes in 10 ms ticks, so "quiet" means next to nothing for a while, not one empty sample.
      runner.quietMs = used < SAMPLE_MS / 4 ? runner.quietMs + SAMPLE_MS : 0;
      if (runner.flights.size === 0) runner.idleCpuMs = runner.quietMs >= QUIET_MS ? 0 : runner.idleCpuMs + used;
      else runner.idleCpuMs = Math.max(0, runner.idleCpuMs - used);
      if (runner.idleCpuMs > settings.cpuMs) stop(runner, "cpu");
      for (const flight of runner.flights) {
        flight.cpuMs += used / runner.flights.size;
        if (flight.cpuMs > flight.budgetMs) stop(runner, "cpu");
      }
      if (!runner.stopping && rssOf(runner.child.pid) > rssLimitBytes) stop(runner, "memory");
    }
  }, SAMPLE_MS);
  const reaper = setInterval(() => {
    for (const runner of runners.values())
      if (runner.flights.size === 0 && Date.now() - runner.lastUsed > settings.idleMs) stop(runner, "unavailable");
  }, 5000);

  /** Sends a request to the project's process and its answer back, watched as one flight. */
  async function forward(req: IncomingMessage, res: ServerResponse, path: string, projectId: string, budgetMs: number) {
    if (!/^[\w-]{1,100}$/.test(projectId))
      return void res.writeHead(400).end("A request to the sandbox names its project.");
    let runner: Runner;
    try {
      runner = await runnerFor(projectId);
    } catch (err) {
      return answerStopped(res, "unavailable", (err as Error).message);
    }
    let done = false;
    const upstream = httpRequest({
      host: "127.0.0.1",
      port: runner.port,
      method: req.method,
      path,
      headers: req.headers,
      agent: runner.agent,
    });
    const flight: Flight = {
      budgetMs,
      cpuMs: 0,
      stop(reason) {
        if (done) return;
        done = true;
        upstream.destroy();
        if (!res.headersSent) answerStopped(res, reason, describe(reason, budgetMs));
        else res.destroy();
      },
    };
    runner.flights.add(flight);
    const land = () => {
      runner.flights.delete(flight);
      runner.lastUsed = Date.now();
    };
    upstream.on("response", (answer) => {
      if (done) return answer.resume();
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on("end", () => {
        done = true;
        land();
      });
      answer.on("error", () => flight.stop(runner.stopping ?? "crashed"));
    });
    upstream.on("error", () => {
      if (done) return;
      // Usually the process died: its exit handler stops the flight with the reason (memory, say).
      const late = setTimeout(() => flight.stop(runner.stopping ?? "crashed"), 1000);
      void runner.exited.then(() => clearTimeout(late));
    });
    res.on("close", () => {
      if (!res.writableFinished) {
        done = true;
        upstream.destroy();
      }
      land();
    });
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    const given = String(req.headers["x-kiln-sandbox-secret"] ?? "");
    if (given.length !== secret.length || !timingSafeEqual(Buffer.from(given), Buffer.from(secret))) {
      res.writeHead(404).end();
      return;
    }
    const budget = Number(req.headers["x-kiln-budget-ms"]) || settings.cpuMs;
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/run") return void forward(req, res, "/run", String(req.headers["x-kiln-project"] ?? ""), budget);
    if (path === "/db") return void forward(req, res, "/db", String(req.headers["x-kiln-project"] ?? ""), budget);
    if (path === "/forget") {
      return void readBody(req).then(async (body) => {
        const projectId = String(JSON.parse(body.toString("utf8")).projectId ?? "");
        const runner = runners.get(projectId);
        if (runner) {
          stop(runner, "unavailable");
          await runner.exited;
        }
        if (/^[\w-]+$/.test(projectId)) rmSync(databasesOf(projectId), { recursive: true, force: true });
        res.writeHead(204).end();
      });
    }
    if (path === "/status") {
      const processes = [...runners.values()].map((r) => ({
        projectId: r.projectId,
        pid: r.child.pid,
        rssBytes: r.child.pid ? rssOf(r.child.pid) : 0,
        cpuMs: r.child.pid ? cpuMsOf(r.child.pid) : 0,
        inFlight: r.flights.size,
      }));
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ processes, stops: recentStops, rssLimitBytes }));
    }
    res.writeHead(404).end();
  });

  server.keepAliveTimeout = PLATFORM_IDLE_MS;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    async close() {
      clearInterval(watchdog);
      clearInterval(reaper);
      server.close();
      for (const runner of runners.values()) stop(runner, "unavailable");
      await Promise.all([...runners.values()].map((r) => r.exited));
    },
  };
}

function answerStopped(res: ServerResponse, reason: StopReason, message: string) {
  res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "x-kiln-stopped": reason, "retry-after": "1" });
  res.end(message);
}

function describe(reason: StopReason, budgetMs: number): string {
  switch (reason) {
    case "cpu":
      return `Kiln stopped this request: the app used more than ${budgetMs} ms of CPU time.`;
    case "memory":
      return "Kiln stopped this request: the app used more memory than an app may use.";
    case "unavailable":
      return "The app's process was stopped; try again.";
    default:
      return "The app's process ended unexpectedly.";
  }
}

/** CPU time of a process so far (user + system, all threads), from /proc. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory of a process, from /proc. */
function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE_BYTES;
  } catch {
    return 0;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
