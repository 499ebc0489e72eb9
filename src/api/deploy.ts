import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Env } from "../env";
import { readArtifact, assetKey, type AssetEntry, type ModuleType, type ServerCode } from "../hosting/artifact";
import { projectAgent } from "../agent/project-agent";
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../compatibility";
import { contentTypeFor } from "../builder/content-types";
import { storedAssetHashes } from "../hosting/stored-assets";
import { BUCKET_MAX_BYTES, BUCKET_MAX_FILES, readBucket, tooLarge } from "../hosting/bucket-reader";
import { teardownProject } from "../hosting/delete-project";
import { createSession, issueCompletion, openSession, type UploadSession } from "../hosting/upload-session";
import { pathUrl, productionUrl } from "../hosting/serving/urls";
import { primaryDomain } from "../store/domains";
import { findOwnedProject, listProjects, renameProject, type ProjectRow } from "../store/projects";
import { createProject } from "./create-project";
import {
  DeployBody,
  DeployProjectSchema,
  NewProjectBody,
  UploadBody,
  UploadSessionBody,
  type ModuleInput,
} from "./deploy-schemas";
import { ApiError } from "./errors";
import { platformSecret } from "./platform-secret";
import { requireApiToken } from "./require-token";
import { anyTypeJson, BEARER, bearerToken, ownsProject, routes } from "./route";
import { errorResponses, json } from "./schemas";
import { checkModuleNames } from "../hosting/loader/module-names";

/** The deploy API under /__api (README: Deploy API), for tools and CI (`kiln deploy` uses it). */

declare module "hono" {
  interface ContextVariableMap {
    /** Set by uploadSession on the bucket upload. */
    uploadSession: UploadSession;
  }
}

const UploadResultSchema = z.object({
  success: z.literal(true),
  result: z.object({
    jwt: z.string().optional().openapi({ description: "The completion JWT, once every needed file is stored" }),
  }),
  uploaded: z.number().int(),
  remaining: z.number().int(),
});

/** The upload JWT of `Authorization: Bearer <jwt>`, opened: which files this upload session still needs. */
const uploadSession = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization")) ?? undefined;
  c.set("uploadSession", await openSession(c.env.KV, platformSecret(c.env), token, "upload", c.req.param("id") ?? ""));
  await next();
});

const params = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
const common = { tags: ["deploy API"], security: BEARER };
const envelope = <T extends z.ZodRawShape>(shape: T) => json(z.object({ success: z.literal(true), ...shape }));

const upload = createRoute({
  ...common,
  method: "post",
  path: "/__api/projects/{id}/assets/upload",
  summary: "Upload one bucket of files (base64 by hash), authorised by the upload session's JWT",
  request: { params, body: { ...json(UploadBody), required: true } },
  responses: {
    201: { description: "The last bucket: every file is stored", ...json(UploadResultSchema) },
    200: { description: "Stored; more buckets to go", ...json(UploadResultSchema) },
    ...errorResponses(400, 401, 413),
  },
});

const create = createRoute({
  ...common,
  method: "post",
  path: "/__api/projects",
  summary: "Create a project",
  middleware: [anyTypeJson({ optional: true })],
  request: { body: { ...json(NewProjectBody), required: false } },
  responses: {
    201: { description: "Created", ...envelope({ project: DeployProjectSchema }) },
    ...errorResponses(400, 401, 413),
  },
});

const list = createRoute({
  ...common,
  method: "get",
  path: "/__api/projects",
  summary: "Your projects",
  responses: {
    200: { description: "The list", ...envelope({ projects: z.array(DeployProjectSchema) }) },
    ...errorResponses(401),
  },
});

const get = createRoute({
  ...common,
  method: "get",
  path: "/__api/projects/{id}",
  summary: "One project",
  middleware: [ownsProject()],
  request: { params },
  responses: {
    200: { description: "The project", ...envelope({ project: DeployProjectSchema }) },
    ...errorResponses(401, 404),
  },
});

const remove = createRoute({
  ...common,
  method: "delete",
  path: "/__api/projects/{id}",
  summary: "Delete a project with its versions, assets, database and routes",
  middleware: [ownsProject()],
  request: { params },
  responses: { 200: { description: "Deleted", ...envelope({ message: z.string() }) }, ...errorResponses(401, 404) },
});

const startUpload = createRoute({
  ...common,
  method: "post",
  path: "/__api/projects/{id}/assets-upload-session",
  summary: "Start an upload: the manifest in, the files Kiln lacks out, in buckets, with the JWT that uploads them",
  middleware: [ownsProject(), anyTypeJson()],
  request: { params, body: { ...json(UploadSessionBody), required: true } },
  responses: {
    200: {
      description: "What to upload (no buckets: the JWT is already the completion JWT)",
      ...envelope({ result: z.object({ jwt: z.string(), buckets: z.array(z.array(z.string())) }) }),
    },
    ...errorResponses(400, 401, 404, 413),
  },
});

const deployRoute = createRoute({
  ...common,
  method: "post",
  path: "/__api/projects/{id}/deploy",
  summary: "Deploy the uploaded assets (and optional Worker, migrations, variables) as a new version, and publish it",
  middleware: [ownsProject(), anyTypeJson()],
  request: { params, body: { ...json(DeployBody), required: true } },
  responses: {
    200: {
      description: "Deployed and published",
      ...envelope({
        message: z.string(),
        project: DeployProjectSchema,
        deployedAssets: z.number().int(),
        newAssets: z.number().int(),
        skippedAssets: z.number().int(),
        versionId: z.string(),
        url: z.string().nullable(),
        previewUrl: z.string().nullable(),
        appliedMigrations: z.array(z.string()),
      }),
    },
    ...errorResponses(400, 401, 404, 413, 422),
  },
});

export const deployApi = routes();

// The bucket upload authenticates with its upload JWT, not an API token. It is documented from
// `upload` but not validated by it: the body is read as a stream, file by file (bucket-reader.ts),
// never parsed whole, so that a bucket's peak memory is one file rather than three copies of all.
deployApi.openAPIRegistry.registerPath(upload);
deployApi.post("/__api/projects/:id/assets/upload", uploadSession, async (c) => {
  const projectId = c.req.param("id");
  const session = c.var.uploadSession;
  const declared = Number(c.req.header("content-length"));
  if (declared > BUCKET_MAX_BYTES) throw tooLarge(BUCKET_MAX_BYTES, BUCKET_MAX_FILES);

  const needed = new Set(session.needed);
  const entries = Object.entries(session.manifest);
  const contentTypes = new Map(entries.map(([path, e]) => [e.hash, contentTypeFor(path)]));
  const sizes = new Map(entries.map(([, e]) => [e.hash, e.size]));
  // Each file is checked (asked for, its size, its hash) and stored before the next is read;
  // one that fails stops the upload there, and what was stored before it counts as uploaded.
  const uploaded = await readBucket(c.req.raw.body, {
    maxBytes: BUCKET_MAX_BYTES,
    maxFiles: BUCKET_MAX_FILES,
    expect(hash) {
      if (!needed.has(hash))
        throw new ApiError(400, "unexpected_asset", `${hash} is not one of the files this upload session asked for.`);
      return sizes.get(hash)!;
    },
    async store(hash, bytes) {
      await c.env.CODE.put(assetKey(projectId, hash), bytes, { httpMetadata: { contentType: contentTypes.get(hash) } });
    },
  });

  const stored = await storedAssetHashes(c.env.CODE, projectId, session.needed);
  const remaining = needed.size - stored.size;
  const result = remaining === 0 ? { jwt: await issueCompletion(platformSecret(c.env), session) } : {};
  return c.json({ success: true as const, result, uploaded, remaining }, remaining === 0 ? 201 : 200);
});

deployApi.use("/__api/*", requireApiToken);

deployApi
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const name = body.name?.trim() ? body.name.trim().slice(0, 100) : "Untitled project";
    const row = await createProject(c.env, c.var.user.id, name, { template: false });
    return c.json({ success: true as const, project: await describe(c.env, row, new URL(c.req.url).origin) }, 201);
  })
  .openapi(list, async (c) => {
    const origin = new URL(c.req.url).origin;
    const rows = await listProjects(c.env.DB, c.var.user.id);
    return c.json(
      { success: true as const, projects: await Promise.all(rows.map((r) => describe(c.env, r, origin))) },
      200,
    );
  })
  .openapi(get, async (c) =>
    c.json({ success: true as const, project: await describe(c.env, c.var.project, new URL(c.req.url).origin) }, 200),
  )
  .openapi(remove, async (c) => {
    const row = c.var.project;
    const { done } = await teardownProject(c.env, row);
    return c.json(
      {
        success: true as const,
        message: done
          ? "Project deleted with its versions, assets, database and routes."
          : "Project deleted with its versions, database and routes; its remaining files are being deleted in the background.",
      },
      200,
    );
  })
  .openapi(startUpload, async (c) => {
    const row = c.var.project;
    const { manifest } = c.req.valid("json");
    const hashes = [...new Set(Object.values(manifest).map((e) => e.hash))];
    const present = await storedAssetHashes(c.env.CODE, row.id, hashes);
    const missing = hashes.filter((h) => !present.has(h));
    const { jwt, buckets } = await createSession(c.env.KV, platformSecret(c.env), row.id, manifest, missing);
    return c.json({ success: true as const, result: { jwt, buckets } }, 200);
  })
  .openapi(deployRoute, async (c) => {
    let row = c.var.project;
    const body = c.req.valid("json");
    const session = await openSession(c.env.KV, platformSecret(c.env), body.completionJwt, "completion", row.id);
    const server = body.serverCode ? decodeServerCode(body.serverCode) : null;

    const assets: Record<string, AssetEntry> = {};
    for (const [path, e] of Object.entries(session.manifest))
      assets[path] = { hash: e.hash, size: e.size, contentType: contentTypeFor(path) };

    if (body.projectName && body.projectName !== row.name)
      row = (await renameProject(c.env.DB, c.var.user.id, row.id, body.projectName))!;
    const origin = new URL(c.req.url).origin;
    const agent = await projectAgent(c.env, row.id);
    const result = await agent.deploy({
      project: row,
      userId: c.var.user.id,
      source: "deploy-api",
      assets,
      server,
      config: body.config ?? {
        html_handling: "auto-trailing-slash",
        not_found_handling: "none",
        redirects: { static: {}, dynamic: {} },
        headers: { rules: {} },
      },
      runWorkerFirst: body.run_worker_first ?? false,
      vars: body.env ?? {},
      migrations: body.migrations ?? [],
      publish: true,
      origin,
    });
    const deployedAssets = Object.keys(assets).length;
    const newAssets = session.needed.length;
    const fresh = (await findOwnedProject(c.env.DB, c.var.user.id, row.id))!;
    return c.json(
      {
        success: true as const,
        message: "Project deployed successfully",
        project: await describe(c.env, fresh, origin),
        deployedAssets,
        newAssets,
        skippedAssets: deployedAssets - Math.min(newAssets, deployedAssets),
        versionId: result.versionId,
        url: result.url,
        previewUrl: result.previewUrl,
        appliedMigrations: result.appliedMigrations,
      },
      200,
    );
  });

/** The deploy API's project shape, plus Kiln's slug, URLs and production version. */
async function describe(env: Env, row: ProjectRow, origin: string): Promise<z.infer<typeof DeployProjectSchema>> {
  const artifact = row.production_version_id ? await readArtifact(env.CODE, row.id, row.production_version_id) : null;
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    hasServerCode: Boolean(artifact?.server),
    assetsCount: artifact ? Object.keys(artifact.assets).length : 0,
    productionVersionId: row.production_version_id,
    url: productionUrl(env, origin, { ...row, domain: await primaryDomain(env.DB, row.id) }),
    // On the shared path-route host (apps.<apps-domain>), never on the builder's own.
    pathUrl: pathUrl(env, origin, row.id, "__project"),
  };
}

const EXTENSION_TYPES: Record<string, ModuleType> = {
  js: "js",
  mjs: "js",
  cjs: "cjs",
  txt: "text",
  html: "text",
  md: "text",
  sql: "text",
  json: "json",
  bin: "data",
};

function decodeServerCode(input: NonNullable<ReturnType<typeof DeployBody.parse>["serverCode"]>): ServerCode {
  checkModuleNames(Object.keys(input.modules));
  const modules: ServerCode["modules"] = {};
  for (const [name, mod] of Object.entries(input.modules)) modules[name] = decodeModule(name, mod);
  return {
    entrypoint: input.entrypoint,
    modules,
    compatibilityDate: input.compatibilityDate ?? COMPATIBILITY_DATE,
    compatibilityFlags: input.compatibilityFlags ?? [...COMPATIBILITY_FLAGS],
  };
}

function decodeModule(name: string, mod: ModuleInput): ServerCode["modules"][string] {
  const b64 = typeof mod === "string" ? mod : mod.content;
  const declared = typeof mod === "string" ? undefined : mod.type;
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const type = (declared ?? EXTENSION_TYPES[ext] ?? ext) as string;
  if (type === "py")
    throw new ApiError(
      400,
      "unsupported_module_type",
      `Module "${name}" is Python; this runtime runs JavaScript modules only (types js, cjs, text, data, json).`,
    );
  if (!["js", "cjs", "text", "data", "json"].includes(type)) {
    throw new ApiError(
      400,
      "unsupported_module_type",
      `Module "${name}" has type "${type}"; supported types are js, cjs, text, data and json (give {content, type} to set it).`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  } catch {
    throw new ApiError(400, "invalid_base64", `Module "${name}" is not valid base64.`);
  }
  if (type === "data") return { type, content: b64 };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(
      400,
      "invalid_module",
      `Module "${name}" is not UTF-8 text; send binary content as type "data".`,
    );
  }
  if (type === "json") {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, "invalid_module", `Module "${name}" is not valid JSON: ${(err as Error).message}`);
    }
  }
  return { type: type as ModuleType, content: text };
}
