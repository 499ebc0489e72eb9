import type { ServerCode, ServerModule } from "../artifact";
import { importSpecifier } from "./module-names";
import type { AppWorkerCode } from "./worker-code";
import d1Source from "src/hosting/database/guest/d1.js";
import mainSource from "src/hosting/loader/guest/main.js";
import r2Source from "src/hosting/storage/guest/r2.js";

/** The platform's main module inside every app isolate (module-names.ts keeps apps from using `__kiln` names). */
export const APP_MAIN = "__kiln_main.js";

/**
 * Versions deployed before Kiln moved app CPU limits out of the app's own code import a loop
 * counter from this module; it stays as a no-op so that those versions still load.
 */
const LEGACY_GUARD = `export class CpuBudgetExceeded extends Error {}\nexport function tick() {}\nexport function startRequest() {}\n`;

/**
 * An app isolate: Kiln's main module (which gives the app D1 and R2 APIs over its bindings) in
 * front of the app's entrypoint. `front` puts one more module before that (the smoke run's
 * recorder, the deploy probe).
 */
export function appCode(
  server: ServerCode,
  vars: Record<string, string>,
  front: { mainModule: string; source: string } | null = null,
): AppWorkerCode {
  const modules: Record<string, ServerModule> = {
    ...server.modules,
    [APP_MAIN]: {
      type: "js",
      content: mainSource.replace(`from "__KILN_ENTRY__"`, `from ${importSpecifier(server.entrypoint)}`),
    },
    "__kiln_d1.js": { type: "js", content: d1Source },
    "__kiln_r2.js": { type: "js", content: r2Source },
    "__kiln_guard.js": { type: "js", content: LEGACY_GUARD },
  };
  if (front) modules[front.mainModule] = { type: "js", content: front.source };
  return {
    compatibilityDate: server.compatibilityDate,
    compatibilityFlags: server.compatibilityFlags,
    mainModule: front?.mainModule ?? APP_MAIN,
    modules,
    vars,
  };
}
