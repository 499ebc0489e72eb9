import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { numberSetting, type AppEnv } from "../env";
import { authRoutes } from "./auth";
import { errorResponse, handleError } from "./errors";
import { healthRoutes } from "./health";
import { projectRoutes } from "./projects";
import { deployApi } from "./deploy";
import { fileRoutes } from "./files";
import { visualEditRoutes } from "./visual-edits";
import { versionRoutes } from "./versions";
import { undoRoutes } from "./undo";
import { usageRoutes } from "./usage";
import { versionRenderRoutes } from "./version-renders";
import { chatRoutes } from "./chat";
import { settingsRoutes } from "./settings";
import { appEnvRoutes } from "./app-env";
import { domainRoutes } from "./domains";
import { SERVER_API_PATHS, serverApi } from "./server-api";
import { tokenRoutes } from "./tokens";
import type { Context, Next } from "hono";

/** The largest deploy request (server code and manifest) an isolate can hold with its copies. */
export const DEPLOY_BODY_BYTES = 24 * 1024 * 1024;

/** The builder API under /api: every route validated and documented from one set of zod schemas. */
export function createApi() {
  const api = new OpenAPIHono<AppEnv>();

  const limit =
    (setting: (env: AppEnv["Bindings"]) => number, advice = "Send less data per request.") =>
    (c: Context<AppEnv>, next: Next) =>
      bodyLimit({
        maxSize: setting(c.env),
        onError: (c) =>
          errorResponse(c, 413, "body_too_large", `The request body is larger than ${setting(c.env)} bytes. ${advice}`),
      })(c, next);
  const jsonLimit = limit((env) => numberSetting(env.MAX_BODY_BYTES, 1024 * 1024));
  api.use("/api/*", jsonLimit);
  for (const path of SERVER_API_PATHS) api.use(path, jsonLimit);
  // Asset buckets carry base64 files of up to 25 MiB each.
  api.use(
    "/__api/*",
    limit((env) => numberSetting(env.MAX_UPLOAD_BYTES, 100 * 1024 * 1024)),
  );
  // A deploy request (the server code as base64, the manifest) is parsed whole, and an isolate
  // has 128 MB on Cloudflare: its JSON, the parsed strings and the decoded modules must fit.
  api.use(
    "/__api/projects/:id/deploy",
    limit(
      (env) => Math.min(numberSetting(env.MAX_UPLOAD_BYTES, DEPLOY_BODY_BYTES), DEPLOY_BODY_BYTES),
      "A deploy request carries the server code and the asset manifest (assets go in buckets): keep the Worker's modules under about 18 MiB.",
    ),
  );

  api.route("/", healthRoutes);
  api.route("/", authRoutes);
  api.route("/", projectRoutes);
  api.route("/", tokenRoutes);
  api.route("/", fileRoutes);
  api.route("/", visualEditRoutes);
  api.route("/", versionRoutes);
  api.route("/", undoRoutes);
  api.route("/", versionRenderRoutes);
  api.route("/", chatRoutes);
  api.route("/", settingsRoutes);
  api.route("/", usageRoutes);
  api.route("/", appEnvRoutes);
  api.route("/", domainRoutes);
  api.route("/", serverApi);
  api.route("/", deployApi);

  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  // The builder UI's HttpOnly cookie (`__Host-kiln_session` over https); unsafe requests need a same-origin Origin.
  api.openAPIRegistry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: "kiln_session",
  });
  api.doc31("/api/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Kiln API",
      version: c.env.KILN_VERSION,
      description: "Build, host and version full-stack apps from a chat.",
    },
  }));

  api.all("/__api/*", (c) => errorResponse(c, 404, "not_found", `No deploy API route ${c.req.method} ${c.req.path}.`));
  api.all("/api/*", (c) =>
    errorResponse(
      c,
      404,
      "not_found",
      `No API route ${c.req.method} ${c.req.path}. See /api/openapi.json for the routes.`,
    ),
  );
  // The server API's paths with another method, and anything else unmatched.
  api.notFound((c) => errorResponse(c, 404, "not_found", `No route ${c.req.method} ${c.req.path}.`));
  api.onError(handleError);
  return api;
}
