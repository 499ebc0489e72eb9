import { z } from "@hono/zod-openapi";
import { AssetConfigSchema, MODULE_TYPES, type AssetConfig } from "../hosting/artifact";
import { patternToRegExp } from "../hosting/serving/patterns";

/** Request shapes of the deploy API (README: Deploy API). */

const MAX_ASSET_BYTES = 25 * 1024 * 1024;

export const ManifestSchema = z
  .record(
    z
      .string()
      .regex(/^\/[^\0]*$/, { error: "asset paths start with /" })
      .max(1024),
    z.object({
      hash: z.string().regex(/^[0-9a-f]{64}$/, { error: "must be the 64-character lowercase hex SHA-256 of the file" }),
      size: z
        .number()
        .int()
        .min(0)
        .max(MAX_ASSET_BYTES, { error: `files may be at most ${MAX_ASSET_BYTES} bytes` }),
    }),
  )
  .refine((m) => Object.keys(m).length <= 20_000, { error: "a manifest may list at most 20,000 files" });

export const NewProjectBody = z
  .object({
    name: z.string({ error: "name must be a string" }).optional().openapi({ description: "Default: Untitled project" }),
  })
  .openapi("NewDeployProject");

/** The deploy API's project shape, plus Kiln's slug, URLs and production version. */
export const DeployProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    hasServerCode: z.boolean(),
    assetsCount: z.number().int(),
    productionVersionId: z.string().nullable(),
    url: z.string().nullable(),
    pathUrl: z
      .string()
      .nullable()
      .openapi({ description: "On the shared path-route host (apps.<apps-domain>), never on the builder's own" }),
  })
  .openapi("DeployProject");

export const UploadSessionBody = z.object({ manifest: ManifestSchema }).openapi("UploadSessionRequest");

export const UploadBody = z
  .record(z.string(), z.string({ error: "each value must be the base64 of the file" }))
  .openapi("UploadBucket");

const ModuleSchema = z.union([
  z.string({ error: "a module is base64 text, or {content, type}" }),
  z.object({ content: z.string(), type: z.string() }),
]);

export const DeployBody = z
  .object({
    completionJwt: z.string({
      error: "required: the completion JWT from the last upload (or from the session when nothing was missing)",
    }),
    projectName: z.string().trim().min(1).max(100).optional(),
    serverCode: z
      .object({
        entrypoint: z.string().min(1),
        modules: z
          .record(z.string().min(1).max(256), ModuleSchema)
          .refine((m) => Object.keys(m).length > 0, { error: "at least one module" }),
        compatibilityDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be YYYY-MM-DD" })
          .optional(),
        compatibilityFlags: z.array(z.string()).optional(),
      })
      .optional(),
    config: AssetConfigSchema.optional(),
    run_worker_first: z.union([z.boolean(), z.array(z.string())]).optional(),
    env: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "variable names are letters, digits and _" }),
        z.string(),
      )
      .optional(),
    migrations: z
      .array(
        z.object({
          name: z.string().regex(/^[\w.-]+\.sql$/, { error: "migration names end in .sql" }),
          sql: z.string(),
        }),
      )
      .optional(),
  })
  .superRefine(checkServable)
  .openapi("DeployRequest");

/**
 * Refuses, at deploy, what could never be served: a pattern that does not compile (a name used
 * twice, two splats), a header name or value HTTP cannot carry, a redirect target that cannot be
 * a Location. Accepted, each would fail every visit to the paths it covers.
 */
function checkServable(body: { config?: AssetConfig; run_worker_first?: boolean | string[] }, ctx: z.RefinementCtx) {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const pattern = (path: PropertyKey[], text: string) => {
    try {
      patternToRegExp(text);
    } catch {
      issue(path, `"${text}" is not a usable pattern: each :name may appear once, and * at most once`);
    }
  };
  const header = (path: PropertyKey[], name: string, value = "") => {
    try {
      new Headers().set(name, value);
    } catch {
      issue(
        path,
        `${JSON.stringify(name)}: ${JSON.stringify(value)} is not a header HTTP can carry (names are letters, digits and -; values have no control characters)`,
      );
    }
  };
  if (Array.isArray(body.run_worker_first))
    body.run_worker_first.forEach((p, i) => pattern(["run_worker_first", i], p.replace(/^!/, "")));
  const config = body.config;
  if (!config) return;
  for (const kind of ["static", "dynamic"] as const) {
    for (const [from, rule] of Object.entries(config.redirects[kind])) {
      if (kind === "dynamic") pattern(["config", "redirects", kind, from], from);
      header(["config", "redirects", kind, from, "to"], "location", rule.to);
    }
  }
  for (const [path, rule] of Object.entries(config.headers.rules)) {
    pattern(["config", "headers", "rules", path], path);
    for (const [name, value] of Object.entries(rule.set ?? {}))
      header(["config", "headers", "rules", path, "set", name], name, value);
    (rule.unset ?? []).forEach((name, i) => header(["config", "headers", "rules", path, "unset", i], name));
  }
}

export type ModuleInput = z.infer<typeof ModuleSchema>;
export const SUPPORTED_MODULE_TYPES = MODULE_TYPES;
