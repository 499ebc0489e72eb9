import { createApi } from "./api/app";
import type { Env } from "./env";

const api = createApi();

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === "/api" || pathname.startsWith("/api/")) return api.fetch(request, env, ctx);
    // Everything else is the builder UI (a single-page app served from static assets).
    return env.ASSETS.fetch(request);
  },
} satisfies ExportedHandler<Env>;

export { AppDatabase } from "./hosting/app-database";
