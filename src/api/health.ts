import { createRoute } from "@hono/zod-openapi";
import type { Env } from "../env";
import { pingDatabase } from "../store/projects";
import { routes } from "./route";
import { HealthSchema } from "./schemas";

const health = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["platform"],
  summary: "Whether the platform and its storage answer",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: HealthSchema } } },
    503: { description: "A check failed", content: { "application/json": { schema: HealthSchema } } },
  },
});

/** Bindings the platform cannot work without; AI is optional (offline planner, or a model over HTTP). */
const REQUIRED_BINDINGS = ["DB", "CODE", "KV", "ASSETS", "LOADER", "APP_DB", "PROJECT_AGENT", "MAINTENANCE"] as const;

export const healthRoutes = routes().openapi(health, async (c) => {
  const bindings: Record<string, boolean> = {};
  for (const name of [...REQUIRED_BINDINGS, "AI"] as const) bindings[name] = c.env[name] != null;
  const checks = await runChecks(c.env);
  const ok = checks.db && checks.r2 && checks.kv && REQUIRED_BINDINGS.every((name) => bindings[name]);
  return c.json({ ok, version: c.env.KILN_VERSION, checks, bindings }, ok ? 200 : 503);
});

async function runChecks(env: Env) {
  if (!env.DB || !env.CODE || !env.KV) return { db: Boolean(env.DB), r2: Boolean(env.CODE), kv: Boolean(env.KV) };
  const [db, r2, kv] = await Promise.all([
    probe(() => pingDatabase(env.DB)),
    probe(() => env.CODE.head("health-probe")),
    probe(() => env.KV.get("health-probe")),
  ]);
  return { db, r2, kv };
}

async function probe(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (err) {
    console.error("health check failed", err);
    return false;
  }
}
