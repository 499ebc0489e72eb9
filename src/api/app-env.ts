import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env";
import { writeAppVariable } from "../hosting/variables";
import { findOwnedProject } from "../store/projects";
import { MANAGED_SECRET, listAppEnv, sealAppSecret } from "../store/app-secrets";
import { ApiError, notFound } from "./errors";
import { parseJson } from "./parse";
import { platformSecret } from "./platform-secret";
import { requireUser } from "./require-user";

/**
 * An app's environment: variables (readable) and secrets (write-only) its Worker sees in `env`.
 * A change applies to the very next request of every version, preview and production alike.
 */
export const appEnvRoutes = new Hono<AppEnv>();
appEnvRoutes.use("/api/projects/:id/env", requireUser);
appEnvRoutes.use("/api/projects/:id/env/*", requireUser);

/** Bindings Kiln gives every app; an entry with one of these names would hide it. */
const RESERVED = new Set(["DB", "STORAGE", "ASSETS"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// Cloudflare's own limit for one secret or variable.
const MAX_VALUE_BYTES = 5 * 1024;

const EntryInput = z.object({
  value: z.string({ error: "value must be a string" }).refine((v) => new TextEncoder().encode(v).length <= MAX_VALUE_BYTES, { message: `value may be at most ${MAX_VALUE_BYTES} bytes` }),
  secret: z.boolean({ error: "secret must be true or false" }).optional(),
});

async function ownedProjectId(c: { env: AppEnv["Bindings"]; var: AppEnv["Variables"] }, id: string) {
  const project = await findOwnedProject(c.env.DB, c.var.user.id, id);
  if (!project) throw notFound("This project");
  return project.id;
}

function checkName(name: string) {
  if (!NAME.test(name)) throw new ApiError(400, "invalid_name", `"${name}" is not a valid name: use letters, digits and _ (not starting with a digit), at most 64 characters, e.g. STRIPE_KEY.`);
  if (RESERVED.has(name) || name.startsWith("__KILN")) throw new ApiError(400, "reserved_name", `${name} is a binding Kiln gives every app (DB, STORAGE, ASSETS); choose another name.`);
  if (name === MANAGED_SECRET) throw new ApiError(400, "reserved_name", `${MANAGED_SECRET} is generated and managed by Kiln (it signs your app's login tokens); choose another name.`);
}

appEnvRoutes.get("/api/projects/:id/env", async (c) => {
  const projectId = await ownedProjectId(c, c.req.param("id"));
  return c.json({ env: await listAppEnv(c.env.DB, projectId) });
});

appEnvRoutes.put("/api/projects/:id/env/:name", async (c) => {
  const projectId = await ownedProjectId(c, c.req.param("id"));
  const name = c.req.param("name");
  checkName(name);
  const body = await parseJson(c, EntryInput);
  const secret = body.secret ?? false;
  const value = secret ? await sealAppSecret(body.value, platformSecret(c.env), projectId, name) : body.value;
  await writeAppVariable(c.env, projectId, name, { value, secret });
  const entry = (await listAppEnv(c.env.DB, projectId)).find((e) => e.name === name)!;
  return c.json({ entry });
});

appEnvRoutes.delete("/api/projects/:id/env/:name", async (c) => {
  const projectId = await ownedProjectId(c, c.req.param("id"));
  const name = c.req.param("name");
  if (name === MANAGED_SECRET) throw new ApiError(400, "reserved_name", `${MANAGED_SECRET} is managed by Kiln and cannot be deleted.`);
  if (!(await writeAppVariable(c.env, projectId, name, null))) throw notFound(`The variable ${name}`);
  return c.body(null, 204);
});
