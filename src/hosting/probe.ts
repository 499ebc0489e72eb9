import { ApiError } from "../errors";
import type { Env } from "../env";
import type { ServerCode } from "./artifact";
import { GUARD_MODULE, guardModuleSource } from "./cpu-guard";
import { RESERVED_MODULES } from "./loader";

/**
 * Loads the server code once in a throwaway isolate with no bindings and no network, so a
 * module that does not parse, imports something missing, or throws at start-up is refused
 * before anything is deployed.
 */
export async function probeServerCode(env: Pick<Env, "LOADER">, server: ServerCode): Promise<void> {
  if (!server.modules[server.entrypoint]) {
    throw new ApiError(400, "entrypoint_missing", `serverCode.entrypoint "${server.entrypoint}" is not one of the modules (${Object.keys(server.modules).join(", ")}).`);
  }
  const reserved = Object.keys(server.modules).find((name) => RESERVED_MODULES.includes(name));
  if (reserved) throw new ApiError(400, "module_name_reserved", `The module name "${reserved}" is reserved by Kiln; rename it.`);

  const modules: WorkerLoaderWorkerCode["modules"] = {
    "__kiln_probe.js": `import * as app from "./${server.entrypoint}";\nexport default { fetch() { return new Response(app.default && typeof app.default.fetch === "function" ? "ok" : "no-fetch"); } };`,
    // Start-up code is instrumented too, so a loop at module level cannot hang the platform.
    [GUARD_MODULE]: guardModuleSource(2000),
  };
  for (const [name, mod] of Object.entries(server.modules)) {
    modules[name] = mod.type === "data" ? { data: Uint8Array.from(atob(mod.content), (c) => c.charCodeAt(0)).buffer } : mod.type === "json" ? { json: JSON.parse(mod.content) } : { [mod.type]: mod.content };
  }
  let verdict: string;
  try {
    const worker = env.LOADER.load({
      compatibilityDate: server.compatibilityDate,
      compatibilityFlags: server.compatibilityFlags,
      mainModule: "__kiln_probe.js",
      modules,
      env: {},
      globalOutbound: null,
      limits: { cpuMs: 2000 },
    });
    verdict = await (await worker.getEntrypoint().fetch("http://probe.invalid/")).text();
  } catch (err) {
    throw new ApiError(400, "module_invalid", `The server code does not load: ${(err as Error).message}`);
  }
  if (verdict !== "ok") {
    throw new ApiError(400, "no_fetch_handler", `The entrypoint "${server.entrypoint}" has no default export with a fetch() handler.`);
  }
}
