import { z } from "@hono/zod-openapi";

/** Request and response shapes of the builder API. The same schemas validate and document. */

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string().openapi({ example: "The request is not valid. email: Invalid email address" }),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export const CredentialsSchema = z
  .object({
    email: z.email({ error: "must be an email address such as ada@example.com" }).max(254).openapi({ example: "ada@example.com" }),
    password: z
      .string({ error: "must be a string" })
      .min(8, { error: "must be at least 8 characters" })
      .max(256, { error: "must be at most 256 characters" })
      .openapi({ example: "correct horse battery" }),
  })
  .openapi("Credentials");

export const UserSchema = z.object({ id: z.string(), email: z.string() }).openapi("User");

export const SessionSchema = z.object({ token: z.string(), user: UserSchema }).openapi("Session");

export const ProjectNameSchema = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" })
  .openapi({ example: "My todo app" });

export const ProjectInputSchema = z.object({ name: ProjectNameSchema }).openapi("ProjectInput");

export const ProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string().openapi({ description: "Unique DNS-safe name; the app is served at <slug>.<apps-domain>" }),
    status: z.enum(["draft", "building", "deployed", "error"]),
    deployedUrl: z.string().nullable(),
    productionUrl: z.string().nullable().openapi({ description: "Where production is (or will be, once published) served; null when this Kiln has no apps domain" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Project");

export const ProjectIdParams = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});

export const HealthSchema = z
  .object({
    ok: z.boolean(),
    version: z.string(),
    checks: z.object({ db: z.boolean(), r2: z.boolean(), kv: z.boolean() }),
    /** Whether each binding is there (a deploy with a binding missing from its environment shows here). AI is optional. */
    bindings: z.record(z.string(), z.boolean()),
  })
  .openapi("Health");

/** Standard error responses, so every route documents them the same way. */
export function errorResponses(...statuses: Array<400 | 401 | 404 | 409 | 413>) {
  const descriptions = {
    400: "The request is malformed or a field is invalid",
    401: "Missing, invalid or expired credentials",
    404: "Not found (or not yours)",
    409: "Conflicts with existing data",
    413: "The body is too large",
  } as const;
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s], content: { "application/json": { schema: ErrorSchema } } }]),
  );
}
