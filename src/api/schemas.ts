import { z } from "@hono/zod-openapi";

/**
 * Request and response shapes of the builder API. The same schemas validate, document
 * (/api/openapi.json) and type the builder UI: ui/ imports the `z.infer` types at the end of this
 * file, so this module imports nothing but zod.
 */

/** A JSON body or answer, as a route's `request.body` or `responses[status]` spells it. */
export const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

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
    email: z
      .email({ error: "must be an email address such as ada@example.com" })
      .max(254)
      .openapi({ example: "ada@example.com" }),
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

/** A new project: named by hand, or described (then it is generated at once and its plan names it), or both. */
export const ProjectCreateSchema = z
  .object({
    name: ProjectNameSchema.optional(),
    description: z
      .string({ error: "must be a string: what the app should do" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(10_000, { error: "must be at most 10,000 characters" })
      .optional()
      .openapi({
        description:
          "What to build: the generation starts at once (follow it with the runId), and without a name the plan's title names the project",
        example: "a reading list of books with a rating",
      }),
    planFirst: z
      .boolean({ error: "planFirst must be true or false" })
      .optional()
      .openapi({ description: "With a description: show the plan and wait for approval before building" }),
  })
  .refine((b) => b.name !== undefined || b.description !== undefined, {
    error: 'send a name ({"name": "Team expenses"}) or a description of the app ({"description": "a todo app"})',
  })
  .refine((b) => b.planFirst === undefined || b.description !== undefined, {
    error: "planFirst needs a description to plan",
    path: ["planFirst"],
  })
  .openapi("ProjectCreate");

export const ProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string().openapi({ description: "Unique DNS-safe name; the app is served at <slug>.<apps-domain>" }),
    status: z.enum(["draft", "building", "deployed", "error"]),
    deployedUrl: z.string().nullable(),
    productionUrl: z.string().nullable().openapi({
      description: "Where production is (or will be, once published) served; null when this Kiln has no apps domain",
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Project");

export const ProjectIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
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

export const SessionInfoSchema = z
  .object({
    id: z.string(),
    current: z.boolean().openapi({ description: "The session this request came with" }),
    createdAt: z.string(),
    lastUsedAt: z.string().openapi({ description: "Updated at most every five minutes" }),
    expiresAt: z.string(),
    userAgent: z.string().nullable(),
  })
  .openapi("SessionInfo");

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "The first characters, to recognise the token" }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

export const SourceFileSchema = z
  .object({ path: z.string(), hash: z.string(), size: z.number().int() })
  .openapi("SourceFile");

export const BuildErrorSchema = z
  .object({
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    message: z.string(),
    code: z.string(),
    source: z.enum(["typescript", "esbuild", "tailwind", "sql", "kiln", "runtime"]),
    severity: z.enum(["error", "warning"]),
    lineText: z.string().optional(),
  })
  .openapi("BuildError");

export const BuildResultSchema = z
  .object({
    versionId: z.string(),
    previewUrl: z.string().nullable(),
    buildTime: z.number().openapi({ description: "Milliseconds" }),
    diagnostics: z
      .array(BuildErrorSchema)
      .openapi({ description: "Warnings (a failed build answers 422 with its errors)" }),
    timings: z.record(z.string(), z.number()).openapi({ description: "Milliseconds per build step" }),
  })
  .openapi("BuildResult");

const RENDER_KINDS = ["error", "rejection", "resource", "render", "blank"] as const;

export const RenderErrorSchema = z
  .object({
    kind: z.enum(RENDER_KINDS).openapi({
      description:
        "error (uncaught), rejection (unhandled promise), resource (a script, module or stylesheet that did not load), render (a React render error), blank (the page showed nothing)",
    }),
    message: z.string(),
    file: z.string().nullable().openapi({ description: "The app's source file, through the version's source maps" }),
    line: z.number().int().nullable(),
    column: z.number().int().nullable(),
    stack: z
      .string()
      .nullable()
      .openapi({ description: "With the positions the source maps know as file:line:column" }),
    componentStack: z.string().nullable(),
    afterRender: z
      .boolean()
      .optional()
      .openapi({ description: "The page had rendered before this error (it is usable, not blank)" }),
  })
  .openapi("RenderError");

export const RenderResultSchema = z
  .object({
    status: z.enum(["rendered", "failed"]),
    error: RenderErrorSchema.nullable(),
    reportedAt: z.string(),
  })
  .openapi("RenderResult");

const limited = (max: number, what: string) =>
  z.string({ error: `${what} must be a string` }).max(max, { error: `${what} must be at most ${max} characters` });

/** What the workspace's preview saw of a version's page (the preview's reporter script sent it). */
export const RenderReportSchema = z
  .discriminatedUnion(
    "status",
    [
      z.object({ status: z.literal("rendered") }),
      z.object({
        status: z.literal("failed"),
        error: z.object({
          kind: z.enum(RENDER_KINDS, { error: `kind must be one of ${RENDER_KINDS.join(", ")}` }),
          message: limited(2000, "message").min(1, { error: "message is required: what went wrong" }),
          stack: limited(16000, "stack").nullish(),
          componentStack: limited(16000, "componentStack").nullish(),
          afterRender: z.boolean({ error: "afterRender must be true or false" }).nullish(),
          where: z
            .object({
              url: limited(2000, "where.url"),
              line: z.number().int().min(0).nullish(),
              column: z.number().int().min(0).nullish(),
            })
            .nullish(),
        }),
      }),
    ],
    { error: 'status must be "rendered" or "failed" (with an error)' },
  )
  .openapi("RenderReport");

export const VersionSchema = z
  .object({
    versionId: z.string(),
    projectId: z.string(),
    status: z.enum(["building", "deployed", "failed"]),
    source: z.string().openapi({ description: "deploy-api, build, generation or rollback" }),
    prompt: z.string().nullable(),
    parentVersionId: z.string().nullable(),
    previewUrl: z
      .string()
      .nullable()
      .openapi({ description: "Made afresh on every answer: a new preview key retires the old links" }),
    framework: z.string().nullable(),
    buildDurationMs: z.number().nullable(),
    outputSizeBytes: z.number().nullable(),
    metrics: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "Model, tokens and timings of the generation that made it" }),
    error: z.string().nullable(),
    pinned: z.boolean(),
    isProduction: z.boolean(),
    publishedAt: z.string().nullable(),
    createdAt: z.string(),
    render: RenderResultSchema.nullable().openapi({
      description: "What its page did in the workspace's preview, last time it was shown (null: never reported)",
    }),
  })
  .openapi("Version");

export const PreviewInfoSchema = z
  .object({
    preview: z
      .object({ latestVersionId: z.string(), previewUrl: z.string().nullable(), timestamp: z.number() })
      .nullable(),
    livePreviewUrl: z.string().nullable().openapi({
      description:
        "<slug>--p<key>: always the newest version, at one origin; secret, like every preview link (null where apps have no host of their own)",
    }),
    productionVersionId: z.string().nullable(),
    url: z.string().nullable(),
  })
  .openapi("PreviewInfo");

export const PublishResultSchema = z
  .object({
    versionId: z.string(),
    url: z.string().nullable().openapi({ description: "Null where apps have no host of their own" }),
    appliedMigrations: z.array(z.string()),
    snapshotId: z.string().nullable(),
  })
  .openapi("PublishResult");

export const RollbackResultSchema = PublishResultSchema.extend({
  rolledBackTo: z.string(),
  data: z.enum(["keep", "restore", "unchanged"]),
  export: z
    .object({ name: z.string(), url: z.string(), bytes: z.number() })
    .nullable()
    .openapi({ description: "Where the data written since the restored snapshot was saved first" }),
  previewUrl: z.string().nullable(),
}).openapi("RollbackResult");

/** What a user's model runs cost this month (UTC), their budget and their own prices (GET/PUT /api/settings/usage). */
const dollars = (what: string) =>
  z
    .number({ error: `${what} must be a number of US dollars, or null for none` })
    .min(0, { error: `${what} must be 0 or more` })
    .max(1_000_000, { error: `${what} must be at most 1,000,000` });

const PricesSchema = z
  .object({
    input: dollars("prices.input").openapi({ description: "US dollars per million input tokens" }),
    output: dollars("prices.output").openapi({ description: "US dollars per million output tokens" }),
  })
  .openapi("Prices");

export const UsageInputSchema = z
  .object({
    monthlyBudgetUsd: dollars("monthlyBudgetUsd").nullable().openapi({
      description: "Past it, runs that would call a model are refused until the next month (UTC); null: no budget",
    }),
    prices: PricesSchema.nullable()
      .optional()
      .openapi({ description: "Your model's prices (win over Kiln's list prices); null: Kiln's; absent: unchanged" }),
  })
  .openapi("UsageSettingsInput");

export const UsageAnswerSchema = z
  .object({
    month: z.string().openapi({ example: "2026-12" }),
    spentUsd: z.number(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    calls: z.number(),
    unpricedCalls: z.number().openapi({ description: "Calls whose model's prices are unknown: not in spentUsd" }),
    monthlyBudgetUsd: z.number().nullable(),
    prices: PricesSchema.nullable().openapi({ description: "Your own prices, if set" }),
    model: z.string().nullable().openapi({ description: "The model your runs use now (null: offline)" }),
    knownPrices: PricesSchema.nullable().openapi({
      description: "Kiln's list prices for that model, if it knows them",
    }),
  })
  .openapi("UsageSettings");

export const ChatMessageSchema = z
  .object({ id: z.string(), role: z.enum(["user", "assistant"]), content: z.string(), createdAt: z.string() })
  .openapi("ChatMessage");

export const RunSummarySchema = z
  .object({
    runId: z.string(),
    status: z.enum(["queued", "running", "done", "failed", "cancelled"]),
    message: z.string(),
    createdAt: z.string(),
    endedAt: z.string().nullable(),
    versionId: z.string().nullable(),
    previewUrl: z.string().nullable(),
    error: z.string().nullable(),
    events: z.array(z.record(z.string(), z.unknown())).optional().openapi({
      description: "With ?events=1: the run's stored events ({seq, at, type, …}), to redraw it as it happened",
    }),
  })
  .openapi("RunSummary");

export const AppEnvEntrySchema = z
  .object({
    name: z.string(),
    secret: z.boolean(),
    value: z.string().nullable().openapi({ description: "null for secrets: they are never read back" }),
    managed: z.boolean().openapi({ description: "JWT_SECRET: generated by Kiln, not editable" }),
    updatedAt: z.string().nullable(),
  })
  .openapi("AppEnvEntry");

export const AI_PROVIDERS = ["offline", "workers-ai", "openai-compatible", "anthropic", "replay"] as const;

export const AiSettingsSchema = z
  .object({
    provider: z.enum(AI_PROVIDERS),
    model: z.string().nullable(),
    baseURL: z.string().nullable(),
    accountId: z.string().nullable(),
    hasKey: z.boolean(),
  })
  .openapi("AiSettings");

export const AiSettingsAnswerSchema = z
  .object({
    settings: AiSettingsSchema.nullable(),
    platform: z
      .object({
        provider: z.string(),
        model: z.string().optional(),
        baseURL: z.string().optional(),
        hasKey: z.boolean(),
      })
      .openapi({ description: "The platform's model, used when you have no settings" }),
    effective: z.enum(["offline", "yours", "platform"]),
    providers: z
      .array(
        z.object({
          id: z.string(),
          label: z.string(),
          modelPlaceholder: z.string(),
          baseURL: z.boolean().openapi({ description: "The form asks for a base URL" }),
        }),
      )
      .openapi({ description: "The providers the settings form offers (besides offline), in order" }),
  })
  .openapi("AiSettingsAnswer");

/** Standard error responses, so every route documents them the same way. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503>) {
  const descriptions = {
    400: "The request is malformed or a field is invalid",
    401: "Missing, invalid or expired credentials",
    403: "A browser request from another origin",
    404: "Not found (or not yours)",
    409: "Conflicts with existing data",
    413: "The body is too large",
    415: "The body is not JSON",
    422: "The work was done but failed (a build, a generation); nothing was deployed",
    429: "Too many requests; wait for Retry-After seconds",
    503: "This Kiln is not configured for it",
  } as const;
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: descriptions[s], content: { "application/json": { schema: ErrorSchema } } },
    ]),
  );
}

// The shapes the builder UI reads, as TypeScript types.
export type User = z.infer<typeof UserSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export type SourceFile = z.infer<typeof SourceFileSchema>;
export type BuildResult = z.infer<typeof BuildResultSchema>;
export type Version = z.infer<typeof VersionSchema>;
export type RenderResult = z.infer<typeof RenderResultSchema>;
export type RenderError = z.infer<typeof RenderErrorSchema>;
export type RenderReport = z.input<typeof RenderReportSchema>;
export type PreviewInfo = z.infer<typeof PreviewInfoSchema>;
export type PublishResult = z.infer<typeof PublishResultSchema>;
export type RollbackResult = z.infer<typeof RollbackResultSchema>;
export type UsageSettings = z.infer<typeof UsageAnswerSchema>;
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;
export type AppEnvEntry = z.infer<typeof AppEnvEntrySchema>;
export type AiSettings = z.infer<typeof AiSettingsSchema>;
export type AiSettingsAnswer = z.infer<typeof AiSettingsAnswerSchema>;
/** A provider the settings form offers (src/ai/providers.ts has one record each). */
export type ProviderForm = AiSettingsAnswer["providers"][number];
