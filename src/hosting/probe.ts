import { APP_ERROR_HEADER } from "./sandbox/wire";
import { ApiError } from "../errors";
import type { Env } from "../env";
import { appCode } from "./loader/app-code";
import type { ServerCode } from "./artifact";
import { appHost } from "./current-host";
import { checkModuleNames, importSpecifier } from "./loader/module-names";

/**
 * Loads the server code once in a throwaway isolate with no bindings and no network, so a
 * module that does not parse, imports something missing, or throws at start-up is refused
 * before anything is deployed. Start-up code runs under the same CPU and memory limits as
 * requests (it runs on the app's host, not in the platform).
 */
export async function probeServerCode(
  env: Env,
  exports: Cloudflare.Exports,
  projectId: string,
  server: ServerCode,
): Promise<void> {
  checkModuleNames(Object.keys(server.modules));
  if (!server.modules[server.entrypoint]) {
    throw new ApiError(
      400,
      "entrypoint_missing",
      `serverCode.entrypoint "${server.entrypoint}" is not one of the modules (${Object.keys(server.modules).join(", ")}).`,
    );
  }
  const probe = `import * as app from ${importSpecifier(server.entrypoint)};\nexport default { fetch() { return new Response(app.default && typeof app.default.fetch === "function" ? "ok" : "no-fetch"); } };`;
  const code = appCode(server, {}, { mainModule: "__kiln_probe.js", source: probe });
  const spec = {
    projectId,
    database: null,
    storage: null,
    assetsVersion: null,
    network: false,
    cpuMs: 2000,
    subRequests: 0,
  };
  const worker = await appHost(env, exports).oneOffWorker(spec, code);
  let verdict: string;
  try {
    const res = await worker.fetch(new Request("http://probe.invalid/"));
    verdict = await res.text();
    if (res.headers.has("x-kiln-stopped"))
      throw new ApiError(400, "module_start_failed", `The server code does not start within the limits: ${verdict}`);
    if (!res.ok) throw new Error(decodeURIComponent(res.headers.get(APP_ERROR_HEADER) ?? verdict));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, "module_invalid", `The server code does not load: ${(err as Error).message}`);
  } finally {
    await worker.dispose();
  }
  if (verdict !== "ok") {
    throw new ApiError(
      400,
      "no_fetch_handler",
      `The entrypoint "${server.entrypoint}" has no default export with a fetch() handler.`,
    );
  }
}
