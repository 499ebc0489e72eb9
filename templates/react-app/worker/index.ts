import { Hono } from "hono";
import { auth } from "./auth";
import type { AppEnv } from "./env";
import { errorResponse, notFound } from "./errors";

/**
 * The app's API. Requests to /api/* run here first (see wrangler.jsonc); everything else is a
 * static file from dist/. Add a feature by writing a router in its own file and mounting it below.
 */
const app = new Hono<AppEnv>();

app.get("/api/health", (c) => c.json({ ok: true }));
app.route("/api/auth", auth);

// Unknown API paths answer JSON, not the SPA's index.html.
app.all("/api/*", () => {
  throw notFound("No such API endpoint.");
});

// Anything else is a static asset (with index.html as the single-page-app fallback).
app.all("*", (c) => c.env.ASSETS.fetch(c.req.raw));

app.onError((err, c) => errorResponse(c, err));

export default app;
