// A type-checker that cannot run is never silent. On Cloudflare its isolate has 128 MB and is killed
// beyond that; workerd enforces no memory limit, so the Worker Loader below answers for the
// checker's isolate the way a killed one does (the request to it fails) and loads everything else
// for real. The build goes on with a warning; the run's check phase (which the workspace's run card
// shows under its phases) and its reply say that TypeScript did not check it.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { GenerationEvent } from "../../src/agent/events";
import { runGeneration } from "../../src/agent/generation";
import { buildApp } from "../../src/builder";
import { TYPECHECK_WORKER_ID } from "../../src/builder/typecheck";
import { insertProject } from "../../src/store/projects";
import { templateApp } from "../fixtures/build/files";
import { scratchDatabase, signUp } from "./helpers";

const KILLED = "Worker exceeded memory limit.";

/** env.LOADER, except that the type-checker's isolate dies on every request. */
function loaderWithKilledChecker(): WorkerLoader {
  const killed = {
    getEntrypoint: () => ({
      fetch: async () => {
        throw new Error(KILLED);
      },
    }),
  } as unknown as WorkerStub;
  return {
    get: (id, getCode) => (id === TYPECHECK_WORKER_ID ? killed : env.LOADER.get(id, getCode)),
    load: (code) => env.LOADER.load(code),
  };
}

const WARNING =
  /^TypeScript could not check this build: the type-checker's isolate stopped \(Worker exceeded memory limit\.\)/;

describe("a type-checker that cannot run", () => {
  it("leaves a warning on the build result, and the build goes on", async () => {
    const r = await buildApp(templateApp(), { loader: loaderWithKilledChecker(), migrationDb: scratchDatabase() });
    expect(r.ok).toBe(true);
    const failed = r.diagnostics.filter((d) => d.code === "TYPECHECK_FAILED");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ severity: "warning", message: expect.stringMatching(WARNING) });
  });

  it("is said by the run's check phase and its reply, never taken for no errors", async () => {
    const { user } = await signUp();
    const project = await insertProject(env.DB, user.id, "Unchecked");
    const events: GenerationEvent[] = [];
    const outcome = await runGeneration(
      {
        env: Object.create(env, { LOADER: { value: loaderWithKilledChecker() } }) as typeof env,
        exports,
        project,
        userId: user.id,
        origin: "http://localhost:8787",
        emit: (e) => void events.push(e),
        flush: async () => {},
        memory: { plan: null, pending: null },
        model: null,
        runId: "typecheck-failure",
        ownPrices: null,
        signal: new AbortController().signal,
      },
      "a todo list to keep track of my tasks",
    );

    const checks = events.filter((e) => e.type === "phase" && e.phase === "check" && e.status !== "start");
    expect(checks.length).toBeGreaterThan(0);
    for (const e of checks) expect(e).toMatchObject({ status: "end", warning: expect.stringMatching(WARNING) });
    const diagnostics = events.flatMap((e) => (e.type === "diagnostics" ? e.diagnostics : []));
    expect(diagnostics.filter((d) => d.code === "TYPECHECK_FAILED").map((d) => d.severity)).toEqual(
      checks.map(() => "warning"),
    );
    // Deployed (esbuild, the SQL check and the smoke run passed), with the warning in the reply.
    expect(outcome.versionId).toBeTruthy();
    expect(outcome.reply).toMatch(
      /Warning: TypeScript could not check this build: .*deployed without TypeScript's verdict/s,
    );
  });

  it("a check that TypeScript did run carries no warning", async () => {
    const r = await buildApp(templateApp(), {
      loader: env.LOADER,
      migrationDb: scratchDatabase(),
      cacheKey: "typecheck-ok",
    });
    expect(r.diagnostics.filter((d) => d.code === "TYPECHECK_FAILED")).toEqual([]);
    expect(r.timings.typescript).toBeGreaterThan(0);
  });
});
