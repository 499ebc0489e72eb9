import type { Context } from "hono";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";

/**
 * A project's first build after Kiln starts pays esbuild's and the type checker's cold start
 * (seconds). There is no start-up hook on Cloudflare, and builds run in the project's own
 * Durable Object (its isolate may be anywhere), so the builder is warmed there, with the
 * project's own sources, when the workspace opens, after the answer has gone: the person reads
 * and types for about as long as the warm-up takes, and a build asked for during it waits for it
 * rather than doing its work a second time. Once per object instance however often the
 * workspace opens (agent/warm-project.ts). BUILDER_WARMUP=off turns it off (the worker tests do).
 */
export function warmBuilderFor(c: Context<AppEnv>, projectId: string) {
  if (c.env.BUILDER_WARMUP === "off") return;
  c.executionCtx.waitUntil(
    projectAgent(c.env, projectId)
      .then((agent) => agent.warm())
      .then((timings) => timings && console.log("builder warmed", JSON.stringify({ projectId, ms: timings.total })))
      .catch((err) => console.warn("builder warm-up failed", String(err))),
  );
}
