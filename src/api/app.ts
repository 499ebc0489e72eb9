import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { numberSetting, type AppEnv } from "../env";
import { authRoutes } from "./auth";
import { errorResponse, handleError } from "./errors";
import { healthRoutes } from "./health";
import { projectRoutes } from "./projects";

/** The builder API under /api: every route validated and documented from one set of zod schemas. */
export function createApi() {
  const api = new OpenAPIHono<AppEnv>();

  api.use("/api/*", (c, next) =>
    bodyLimit({
      maxSize: numberSetting(c.env.MAX_BODY_BYTES, 1024 * 1024),
      onError: (c) => errorResponse(c, 413, "body_too_large", `The request body is larger than ${numberSetting(c.env.MAX_BODY_BYTES, 1024 * 1024)} bytes. Send less data per request.`),
    })(c, next),
  );

  api.route("/", healthRoutes);
  api.route("/", authRoutes);
  api.route("/", projectRoutes);

  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  api.doc31("/api/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: { title: "Kiln API", version: c.env.KILN_VERSION, description: "Build, host and version full-stack apps from a chat." },
  }));

  api.all("/api/*", (c) => errorResponse(c, 404, "not_found", `No API route ${c.req.method} ${c.req.path}. See /api/openapi.json for the routes.`));
  api.onError(handleError);
  return api;
}
