import { numberSetting, type Env } from "../../env";
import { appPrefix } from "../artifact";
import { copyByDump, versionRef, type AppDatabaseClient, type AppHost } from "../app-host";
import {
  BUDGET_HEADER,
  PROJECT_HEADER,
  SECRET_HEADER,
  STOPPED_HEADER,
  URL_HEADER,
  APP_ERROR_HEADER,
  WORKER_HEADER,
  fromWire,
  toWire,
} from "./wire";

/**
 * Apps in local sandbox processes (`kiln start`): one workerd process per app, each with the
 * app's isolates and its SQLite databases, started and watched by the supervisor in cli/sandbox.
 * The platform speaks to the supervisor over loopback HTTP with a secret it gets at start; the
 * supervisor stops a process whose request overruns its CPU budget or whose memory grows past
 * the limit, and answers that request itself (STOPPED_HEADER). A process fetches the code of an
 * isolate from the platform by reference when it has no warm one (internal.ts).
 */

/**
 * A response of the sandbox, read to its end. workerd closes a pooled connection whose response
 * body was left unread when the Response is collected, and a request it has already put on that
 * connection then fails with "Network connection lost" (seen as a failed SQL check of the next
 * build after a project was deleted, or a neighbour's request after a stopped one).
 */
async function drained(res: Response): Promise<Response> {
  const body = await res.arrayBuffer();
  return new Response(res.status === 204 || res.status === 304 ? null : body, res);
}

/** CPU a database operation the platform asks for (a migration, a dump) may use. */
const PLATFORM_DB_BUDGET_MS = 10_000;

export function sandboxConfigured(env: Pick<Env, "KILN_SANDBOX_URL" | "KILN_SANDBOX_SECRET">): boolean {
  return Boolean(env.KILN_SANDBOX_URL && env.KILN_SANDBOX_SECRET);
}

/** Where a one-off isolate's code waits for its sandbox process to fetch it (inside the project's prefix). */
export const stagedKey = (projectId: string, id: string) => `${appPrefix(projectId)}staged/${id}.json`;

export function sandboxHost(env: Env): AppHost {
  const base = env.KILN_SANDBOX_URL!.replace(/\/$/, "");
  const secret = env.KILN_SANDBOX_SECRET!;

  const run =
    (projectId: string, ref: string, budgetMs: number) =>
    async (request: Request): Promise<Response> => {
      const headers = new Headers(request.headers);
      headers.set(SECRET_HEADER, secret);
      headers.set(PROJECT_HEADER, projectId);
      headers.set(WORKER_HEADER, ref);
      headers.set(URL_HEADER, request.url);
      headers.set(BUDGET_HEADER, String(budgetMs));
      const hasBody = request.method !== "GET" && request.method !== "HEAD";
      try {
        const res = await fetch(`${base}/run`, {
          method: request.method,
          headers,
          body: hasBody ? request.body : null,
          redirect: "manual",
        });
        // The platform answers these with a page of its own and never reads what the sandbox sent.
        return res.headers.has(STOPPED_HEADER) || res.headers.has(APP_ERROR_HEADER) ? await drained(res) : res;
      } catch (err) {
        return new Response(`Kiln's app sandbox cannot be reached: ${(err as Error).message}`, {
          status: 503,
          headers: { [STOPPED_HEADER]: "unavailable" },
        });
      }
    };

  const control = async (path: string, projectId: string, body: unknown): Promise<Response> =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        [SECRET_HEADER]: secret,
        [PROJECT_HEADER]: projectId,
        [BUDGET_HEADER]: String(PLATFORM_DB_BUDGET_MS),
        "content-type": "application/json",
      },
      body: toWire(body),
    }).then(drained);

  const database = (projectId: string, environment: string): AppDatabaseClient =>
    new Proxy({} as AppDatabaseClient, {
      get: (_target, op) =>
        typeof op !== "string"
          ? undefined
          : async (...args: unknown[]) => {
              const res = await control("/db", projectId, { projectId, environment, op, args });
              const text = await res.text();
              const stopped = res.headers.get(STOPPED_HEADER);
              if (stopped) throw new Error(stopReason(stopped, PLATFORM_DB_BUDGET_MS));
              const answer = res.headers.get("content-type")?.includes("application/json")
                ? fromWire<{ ok: boolean; value?: unknown; error?: string }>(text)
                : null;
              if (!answer) throw new Error(`The app sandbox answered ${res.status}: ${text.slice(0, 300)}`);
              if (!answer.ok) throw new Error(answer.error);
              return answer.value;
            },
    });

  const host: AppHost = {
    versionWorker(artifact, environment, envRevision) {
      return {
        fetch: run(
          artifact.projectId,
          versionRef(artifact, environment, envRevision),
          numberSetting(env.APP_CPU_MS, 1000),
        ),
      };
    },
    async oneOffWorker(spec, code) {
      const id = crypto.randomUUID();
      const key = stagedKey(spec.projectId, id);
      await env.CODE.put(key, JSON.stringify({ spec, code }));
      return {
        fetch: run(spec.projectId, `s:${spec.projectId}:${id}`, spec.cpuMs),
        dispose: () => env.CODE.delete(key),
      };
    },
    // A sandbox process asks the platform for a version's code when the version is first asked for.
    async deployVersion() {},
    database,
    copyDatabase: (projectId, from, to) => copyByDump(host, projectId, from, to),
    // Variables and secrets travel with an isolate's code (internal.ts), under an id that carries their revision.
    async variablesChanged() {},
    async forget(projectId) {
      const res = await control("/forget", projectId, { projectId });
      if (!res.ok) throw new Error(`The app sandbox could not delete the project's databases: ${await res.text()}`);
    },
  };
  return host;
}

/** A stop reason in words, for errors and error pages. */
export function stopReason(reason: string, budgetMs: number): string {
  switch (reason) {
    case "cpu":
      return `Kiln stopped it: it used more than ${budgetMs} ms of CPU time.`;
    case "memory":
      return "Kiln stopped it: it used more memory than an app may use.";
    case "unavailable":
      return "Kiln's app sandbox could not run it.";
    default:
      return "The app's process ended unexpectedly.";
  }
}
