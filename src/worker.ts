import { createApi } from "./api/app";
import type { Env } from "./env";
import { dispatchApp } from "./hosting/serving/dispatcher";
import { maintenanceRunner } from "./hosting/maintenance-run";
import { SANDBOX_INTERNAL_PREFIX, sandboxInternal } from "./hosting/sandbox/internal";

const api = createApi();
const SERVER_API = new Set(["/build-preview-for-new-project", "/rebuild-preview"]);

export default {
  async fetch(request, env, ctx) {
    // App hosts and app paths first: nothing an app serves may ever reach the platform's routes.
    const app = await dispatchApp(request, env, ctx.exports as Cloudflare.Exports);
    if (app) return app;
    const { pathname } = new URL(request.url);
    // What the local app sandbox's processes ask of the platform (secret-checked).
    if (pathname.startsWith(SANDBOX_INTERNAL_PREFIX)) return sandboxInternal(request, env);
    if (
      pathname.startsWith("/api/") ||
      pathname === "/api" ||
      pathname.startsWith("/__api/") ||
      SERVER_API.has(pathname)
    )
      return api.fetch(request, env, ctx);
    // Everything else is the builder UI (a single-page app served from static assets).
    return env.ASSETS.fetch(request);
  },
  async scheduled(_controller, env, ctx) {
    // The clean-up runs in a Durable Object, one batch per alarm (see hosting/maintenance-run.ts).
    ctx.waitUntil(
      maintenanceRunner(env)
        .start(Date.now())
        .then((started) => console.log(started ? "maintenance started" : "maintenance already running")),
    );
  },
} satisfies ExportedHandler<Env>;

export { ProjectAgent } from "./agent/project-agent";
export { AppDatabase } from "./hosting/database/app-database";
export { MaintenanceRun } from "./hosting/maintenance-run";
export { AppDb } from "./hosting/database/entrypoint";
export { AppAssets } from "./hosting/serving/entrypoint";
export { AppStorage } from "./hosting/storage/entrypoint";
export { Egress } from "./hosting/network/entrypoint";
