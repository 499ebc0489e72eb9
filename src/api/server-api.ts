import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { projectAgent } from "../agent/project-agent";
import { numberSetting, type AppEnv, type Env } from "../env";
import { readArtifact } from "../hosting/artifact";
import { hashPassword, randomHex } from "../security/password";
import { clientAddress } from "../security/client-address";
import { takeRateToken, waitInWords } from "./rate-limit";
import { checkSignature } from "../security/signature";
import { findVersion } from "../store/versions";
import { findExternalProject, kilnUserFor, linkExternalProject } from "../store/external-ids";
import type { ProjectRow } from "../store/projects";
import { readBlob, writeFiles, listFiles } from "../store/sources";
import { createProject } from "./create-project";
import { ApiError } from "./errors";
import { asJson, routes } from "./route";
import { errorResponses, json } from "./schemas";

export const SERVER_API_PATHS = ["/build-preview-for-new-project", "/rebuild-preview"] as const;

const NewBody = z
  .object({
    userId: z.string().min(1).max(200).openapi({ description: "Your user's id" }),
    projectId: z.string().min(1).max(200).openapi({ description: "Your project's id" }),
    prompt: z.string().trim().min(1).max(10_000),
    framework: z.string().optional().openapi({ description: "react" }),
  })
  .openapi("NewPreviewRequest");
const RebuildBody = z
  .object({
    userId: z.string().min(1).max(200),
    projectId: z.string().min(1).max(200),
    prompt: z.string().trim().min(1).max(10_000),
    baseVersionId: z
      .string()
      .optional()
      .openapi({ description: "Start from this version's sources rather than the latest" }),
  })
  .openapi("RebuildPreviewRequest");

const PreviewResultSchema = z
  .object({
    success: z.literal(true),
    previewUrl: z.string().nullable(),
    versionId: z.string(),
    buildTime: z.number().nullable(),
  })
  .openapi("PreviewResult");

const HOUR = 60 * 60 * 1000;

/** Only requests signed with BUILD_API_SECRET, each once; the body is then read as JSON whatever its Content-Type. */
const signed = createMiddleware<AppEnv>(async (c, next) => {
  const secret = c.env.BUILD_API_SECRET;
  if (!secret)
    throw new ApiError(
      503,
      "not_configured",
      "The server API is off: set BUILD_API_SECRET (environment or .dev.vars) to the secret you sign requests with.",
    );
  const raw = await c.req.text();
  const check = await checkSignature(secret, c.req.header("x-kiln-timestamp"), c.req.header("x-kiln-signature"), raw);
  if (!check.ok) throw new ApiError(401, "bad_signature", check.reason);
  // A signature is good once: a replay inside the time window is refused.
  const seen = `sig:${c.req.header("x-kiln-signature")!.toLowerCase()}`;
  if (await c.env.KV.get(seen))
    throw new ApiError(401, "replayed", "This exact signed request was already received; sign each request anew.");
  await c.env.KV.put(seen, "1", { expirationTtl: 600 });
  try {
    JSON.parse(raw);
  } catch {
    throw new ApiError(400, "malformed_json", "The request body is not valid JSON.");
  }
  asJson(c, raw);
  await next();
});

const signatureHeaders = z.object({
  "x-kiln-timestamp": z
    .string()
    .optional()
    .openapi({ description: "Unix seconds; within five minutes of Kiln's clock" }),
  "x-kiln-signature": z
    .string()
    .optional()
    .openapi({ description: "Hex HMAC-SHA256 of `<timestamp>.<body>` with BUILD_API_SECRET" }),
});
const common = {
  tags: ["server API"],
  middleware: [signed],
  description: "Signed with BUILD_API_SECRET (see README: server API); rate capped per user, project and address.",
};
const responses = {
  200: { description: "Generated, built and deployed as a preview", ...json(PreviewResultSchema) },
  ...errorResponses(400, 401, 404, 413, 422, 429, 503),
};

const newPreview = createRoute({
  ...common,
  method: "post",
  path: "/build-preview-for-new-project",
  summary: "Make a project for your user and project ids and generate its first version from a prompt",
  request: { headers: signatureHeaders, body: { ...json(NewBody), required: true } },
  responses,
});

const rebuild = createRoute({
  ...common,
  method: "post",
  path: "/rebuild-preview",
  summary: "Generate the next version of a project made by /build-preview-for-new-project",
  request: { headers: signatureHeaders, body: { ...json(RebuildBody), required: true } },
  responses,
});

/**
 * The signed server API (README: Server API), for products that embed Kiln: signed with BUILD_API_SECRET, rate
 * capped, and keyed by the caller's own user and project ids (mapped to Kiln's on first use).
 */
export const serverApi = routes()
  .openapi(newPreview, async (c) => {
    const body = c.req.valid("json");
    await limitAddress(c);
    if (body.framework !== undefined && body.framework !== "react")
      throw new ApiError(400, "unsupported_framework", `Kiln builds react apps; "${body.framework}" is not supported.`);
    await limit(
      c.env,
      `new:${body.userId}`,
      numberSetting(c.env.RATE_NEW_BUILDS_PER_HOUR, 5),
      "new builds for this user",
    );
    const userId = await kilnUser(c.env, body.userId);
    const project = await kilnProject(c.env, userId, body, true);
    return c.json(await generate(c.env, project, userId, body.prompt, new URL(c.req.url).origin), 200);
  })
  .openapi(rebuild, async (c) => {
    const body = c.req.valid("json");
    await limitAddress(c);
    const userId = await kilnUser(c.env, body.userId);
    const project = await kilnProject(c.env, userId, body, false);
    await limit(
      c.env,
      `rebuild:${project.id}`,
      numberSetting(c.env.RATE_REBUILDS_PER_HOUR, 20),
      "rebuilds of this project",
    );
    if (body.baseVersionId) await resetToVersion(c.env, project, body.baseVersionId);
    return c.json(await generate(c.env, project, userId, body.prompt, new URL(c.req.url).origin), 200);
  });

async function limit(env: Env, bucket: string, max: number, what: string) {
  const verdict = await takeRateToken(env.DB, bucket, max, HOUR);
  if (!verdict.ok)
    throw new ApiError(
      429,
      "rate_limited",
      `Too many ${what} (at most ${max} an hour). Try again in ${waitInWords(verdict.retryAfterSeconds)}.`,
      { retryAfter: verdict.retryAfterSeconds },
    );
}

/**
 * The per-address cap, taken only after the signature verified: strangers' unsigned requests
 * never spend the caller's allowance. Applies only where the address is known (behind
 * Cloudflare's edge; see security/client-address.ts).
 */
async function limitAddress(c: { env: Env; req: { raw: Request } }) {
  const address = clientAddress(c.req.raw, c.env);
  if (address)
    await limit(c.env, `ip:${address}`, numberSetting(c.env.RATE_IP_PER_HOUR, 100), "requests from this address");
}

/** Runs (or joins, when one is already running for the project) a generation and waits for it. */
async function generate(env: Env, project: ProjectRow, userId: string, prompt: string, origin: string) {
  const agent = await projectAgent(env, project.id);
  const runId = (await agent.activeRun()) ?? (await agent.chat(project, { userId, message: prompt, origin })).runId;
  const last = await agent.outcome(runId);
  if (!last || last.type !== "done") {
    const message = last?.type === "error" ? last.message : "The generation ended without a result.";
    throw new ApiError(
      422,
      last?.type === "error" ? last.code : "generation_failed",
      message,
      last?.type === "error" ? last.diagnostics : undefined,
    );
  }
  if (!last.versionId) throw new ApiError(422, "no_change", last.reply);
  return {
    success: true as const,
    previewUrl: last.previewUrl,
    versionId: last.versionId,
    buildTime: last.metrics.buildMs,
  };
}

/** The caller's user as a Kiln account; made on first use, with no usable password. */
function kilnUser(env: Env, externalId: string): Promise<string> {
  return kilnUserFor(env.DB, externalId, () => hashPassword(randomHex(32)));
}

async function kilnProject(
  env: Env,
  userId: string,
  body: { userId: string; projectId: string; prompt: string },
  create: boolean,
): Promise<ProjectRow> {
  const found = await findExternalProject(env.DB, body.userId, body.projectId);
  if (found) return found;
  if (!create)
    throw new ApiError(
      404,
      "not_found",
      `No project ${body.projectId} for user ${body.userId}; create it with /build-preview-for-new-project first.`,
    );
  const name = body.prompt.split(/\s+/).slice(0, 6).join(" ").slice(0, 60) || body.projectId;
  const project = await createProject(env, userId, name, { template: true });
  await linkExternalProject(env.DB, body.userId, body.projectId, project.id);
  return project;
}

/** Makes the working copy the sources of an earlier version, so the rebuild starts from it. */
async function resetToVersion(env: Env, project: ProjectRow, versionId: string) {
  const version = await findVersion(env.DB, project.id, versionId);
  const artifact = version && (await readArtifact(env.CODE, project.id, versionId));
  if (!artifact?.sources)
    throw new ApiError(404, "not_found", `baseVersionId ${versionId} is not a version of this project with sources.`);
  const files = Object.fromEntries(
    await Promise.all(
      Object.entries(artifact.sources).map(async ([p, h]) => [p, await readBlob(env.CODE, project.id, h)] as const),
    ),
  );
  const current = (await listFiles(env.DB, project.id)).map((f) => f.path).filter((p) => !(p in files));
  await writeFiles(env.DB, env.CODE, project.id, files, current);
}
