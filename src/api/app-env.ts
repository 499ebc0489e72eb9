import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { writeAppVariable } from "../hosting/variables";
import { MANAGED_SECRET, listAppEnv, sealAppSecret } from "../store/app-secrets";
import { ApiError, notFound } from "./errors";
import { platformSecret } from "./platform-secret";
import { requireUser } from "./require-user";
import { anyTypeJson, ownsProject, routes, SESSION } from "./route";
import { AppEnvEntrySchema, errorResponses, json } from "./schemas";

/**
 * An app's environment: variables (readable) and secrets (write-only) its Worker sees in `env`.
 * A change applies to the very next request of every version, preview and production alike.
 */

/** Bindings Kiln gives every app; an entry with one of these names would hide it. */
const RESERVED = new Set(["DB", "STORAGE", "ASSETS"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// Cloudflare's own limit for one secret or variable.
const MAX_VALUE_BYTES = 5 * 1024;

const EntryInput = z
  .object({
    value: z
      .string({ error: "value must be a string" })
      .refine((v) => new TextEncoder().encode(v).length <= MAX_VALUE_BYTES, {
        message: `value may be at most ${MAX_VALUE_BYTES} bytes`,
      }),
    secret: z.boolean({ error: "secret must be true or false" }).optional(),
  })
  .openapi("AppEnvInput");

const params = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
  name: z.string().openapi({ param: { name: "name", in: "path" }, example: "STRIPE_KEY" }),
});

/** A name is judged before the body, as it always was. */
const validName = createMiddleware<AppEnv>(async (c, next) => {
  const name = c.req.param("name") ?? "";
  if (!NAME.test(name))
    throw new ApiError(
      400,
      "invalid_name",
      `"${name}" is not a valid name: use letters, digits and _ (not starting with a digit), at most 64 characters, e.g. STRIPE_KEY.`,
    );
  if (RESERVED.has(name) || name.startsWith("__KILN"))
    throw new ApiError(
      400,
      "reserved_name",
      `${name} is a binding Kiln gives every app (DB, STORAGE, ASSETS); choose another name.`,
    );
  if (name === MANAGED_SECRET)
    throw new ApiError(
      400,
      "reserved_name",
      `${MANAGED_SECRET} is generated and managed by Kiln (it signs your app's login tokens); choose another name.`,
    );
  await next();
});

const common = { tags: ["app environment"], security: SESSION };

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/env",
  summary: "The app's variables (with values) and secrets (names only)",
  middleware: [ownsProject()],
  request: { params: params.pick({ id: true }) },
  responses: {
    200: { description: "The entries", ...json(z.object({ env: z.array(AppEnvEntrySchema) })) },
    ...errorResponses(401, 403, 404),
  },
});

const put = createRoute({
  ...common,
  method: "put",
  path: "/api/projects/{id}/env/{name}",
  summary: "Set a variable or a secret; the next request of every version sees it",
  middleware: [ownsProject(), validName, anyTypeJson()],
  request: { params, body: { ...json(EntryInput), required: true } },
  responses: {
    200: { description: "The entry as listed", ...json(z.object({ entry: AppEnvEntrySchema })) },
    ...errorResponses(400, 401, 403, 404, 413),
  },
});

const remove = createRoute({
  ...common,
  method: "delete",
  path: "/api/projects/{id}/env/{name}",
  summary: "Delete a variable or secret",
  middleware: [ownsProject()],
  request: { params },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

export const appEnvRoutes = routes();
appEnvRoutes.use("/api/projects/:id/env", requireUser);
appEnvRoutes.use("/api/projects/:id/env/*", requireUser);

appEnvRoutes
  .openapi(list, async (c) => c.json({ env: await listAppEnv(c.env.DB, c.var.project.id) }, 200))
  .openapi(put, async (c) => {
    const projectId = c.var.project.id;
    const { name } = c.req.valid("param");
    const body = c.req.valid("json");
    const secret = body.secret ?? false;
    const value = secret ? await sealAppSecret(body.value, platformSecret(c.env), projectId, name) : body.value;
    await writeAppVariable(c.env, projectId, name, { value, secret });
    const entry = (await listAppEnv(c.env.DB, projectId)).find((e) => e.name === name)!;
    return c.json({ entry }, 200);
  })
  .openapi(remove, async (c) => {
    const projectId = c.var.project.id;
    const { name } = c.req.valid("param");
    if (name === MANAGED_SECRET)
      throw new ApiError(400, "reserved_name", `${MANAGED_SECRET} is managed by Kiln and cannot be deleted.`);
    if (!(await writeAppVariable(c.env, projectId, name, null))) throw notFound(`The variable ${name}`);
    return c.body(null, 204);
  });
