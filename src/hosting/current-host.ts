import type { Env } from "../env";
import type { AppHost } from "./app-host";
import { inProcessHost } from "./in-process-host";
import { sandboxConfigured, sandboxHost } from "./sandbox/host";

/** The host this platform runs apps on: the local sandbox where `kiln start` set one up, else in-process. */
export function appHost(env: Env, exports?: Cloudflare.Exports): AppHost {
  return sandboxConfigured(env) ? sandboxHost(env) : inProcessHost(env, exports);
}
