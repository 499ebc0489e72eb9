import { OpenAPIHono, z, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { findOwnedProject, type ProjectRow } from "../store/projects";
import { notFound } from "./errors";
import { validationHook } from "./validation";

/**
 * How every route is written: `createRoute` (method, path, schemas, middleware) on one of these,
 * so the zod schemas that validate a request are the ones /api/openapi.json publishes, and a
 * failed validation is the same 400 everywhere.
 */
export const routes = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/**
 * A route whose last parameter spans segments (a file path): documented as `{path}`, matched as
 * Hono's `*`, so its handler reads the path from the URL. Returns the route to mount.
 */
export function spanning<R extends RouteConfig>(app: OpenAPIHono<AppEnv>, route: R): R {
  const { middleware: _, ...documented } = route;
  app.openAPIRegistry.registerPath(documented);
  const { params: __, ...request } = route.request ?? {};
  return { ...route, path: route.path.replace(/\{path\}$/, "*"), request, hide: true };
}

/** A query parameter as the route reads it (the first value); documented, never refused (a repeated one arrives as a list). */
export const queryValue = (description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description });

/**
 * For routes that have always read their body as JSON whatever its Content-Type says (the deploy
 * and server APIs' clients, and curl -d, send others): the body goes to the route's validator as
 * JSON, so malformed JSON is the usual 400 (see errors.ts). With `optional`, no body (or only
 * whitespace) reads as `{}`.
 */
export const anyTypeJson = (options: { optional?: boolean } = {}) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const text = await c.req.text();
    asJson(c, options.optional && !text.trim() ? "{}" : text);
    await next();
  });

/** Replaces the request's body with this JSON text, declared as JSON. */
export function asJson(c: Context, body: string) {
  const headers = new Headers(c.req.raw.headers);
  headers.set("content-type", "application/json");
  c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body });
  c.req.bodyCache = {};
}

/** The signed-in user's project with this id; anyone else's reads as missing, exactly as one that does not exist. */
export async function ownedProject(
  c: { env: AppEnv["Bindings"]; var: AppEnv["Variables"] },
  id: string,
): Promise<ProjectRow> {
  const project = await findOwnedProject(c.env.DB, c.var.user.id, id);
  if (!project) throw notFound("This project");
  return project;
}

/** Who may call a route, as the document says: a session (Bearer token or the UI's cookie), or a Bearer token alone. */
export const SESSION: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];
export const BEARER: Record<string, string[]>[] = [{ bearer: [] }];

declare module "hono" {
  interface ContextVariableMap {
    /** Set by ownsProject: the signed-in user's project the path names. */
    project: ProjectRow;
  }
}

/** Lets a request through only when the project its path names (`:id` unless told) is the user's; the route reads it as `c.var.project`. */
export const ownsProject = (param = "id") =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("project", await ownedProject(c, c.req.param(param) ?? ""));
    await next();
  });

/**
 * The token of `Authorization: Bearer <token>`, or null. (Hono's bearerAuth answers a malformed
 * header with 400 and its own bodies; Kiln's three credentials answer 401 in the one error shape.)
 */
export function bearerToken(header: string | undefined): string | null {
  return header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() || null;
}
