import { createRoute, z } from "@hono/zod-openapi";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";
import type { MaintenanceReport } from "../hosting/maintenance";
import { readPointer, writePointer } from "../hosting/pointer";
import { forgetRoutes } from "../hosting/serving/routes";
import { livePreviewUrl, previewUrl, productionUrl } from "../hosting/serving/urls";
import { primaryDomain } from "../store/domains";
import { diffVersions, zipVersion } from "../hosting/version-files";
import { rotatePreviewKey, type ProjectRow } from "../store/projects";
import { exportKey, isExportName } from "../store/snapshots";
import { findVersion, listVersions, setPinned, type VersionRow } from "../store/versions";
import { rendersOf, type RenderResult } from "../store/version-renders";
import { ApiError, notFound } from "./errors";
import { requireUser } from "./require-user";
import { anyTypeJson, ownsProject, queryValue, routes, SESSION } from "./route";
import {
  PreviewInfoSchema,
  PublishResultSchema,
  RollbackResultSchema,
  VersionSchema,
  errorResponses,
  json,
} from "./schemas";

/** History, comparison, export, publishing and rollback of a project's versions. */

const PinBody = z
  .object({
    pinned: z.boolean({ error: "pinned must be true or false" }).optional().openapi({ description: "Default true" }),
  })
  .openapi("PinRequest");
const PublishBody = z
  .object({
    versionId: z
      .string({ error: "required: the id of the version to publish" })
      .min(1, { error: "required: the id of the version to publish" })
      .max(64),
  })
  .openapi("PublishRequest");
const RollbackBody = z
  .object({
    data: z
      .enum(["keep", "restore"], {
        error: 'data must be "keep" (keep today\'s data) or "restore" (restore the snapshot)',
      })
      .optional(),
  })
  .openapi("RollbackRequest");

/** A version as the API shows it; `previewUrl` is made afresh, as a new preview key retires the stored one. */
export function toVersion(
  row: VersionRow,
  productionVersionId: string | null,
  previewUrl: string | null,
  render: RenderResult | null = null,
): z.infer<typeof VersionSchema> {
  return {
    versionId: row.version_id,
    projectId: row.project_id,
    status: row.status,
    source: row.source,
    prompt: row.prompt,
    parentVersionId: row.parent_version_id,
    previewUrl,
    framework: row.framework,
    buildDurationMs: row.build_duration_ms,
    outputSizeBytes: row.output_size_bytes,
    metrics: row.model_output ? JSON.parse(row.model_output) : null,
    error: row.error,
    pinned: row.pinned === 1,
    isProduction: row.version_id === productionVersionId,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    render,
  };
}

const path = (name: string, description?: string) =>
  z.string().openapi({ param: { name, in: "path" }, ...(description ? { description } : {}) });
const params = z.object({ id: path("id") });
const versionParams = params.extend({ v: path("v", "A version id") });
const common = { tags: ["versions"], security: SESSION, middleware: [ownsProject()] };

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/versions",
  summary: "The project's versions, newest first, a page at a time",
  request: {
    params,
    query: z.object({ limit: queryValue("1-100, default 20"), cursor: queryValue("nextCursor of the previous page") }),
  },
  responses: {
    200: {
      description: "A page",
      ...json(z.object({ versions: z.array(VersionSchema), nextCursor: z.string().nullable() })),
    },
    ...errorResponses(401, 403, 404),
  },
});

const get = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/versions/{v}",
  summary: "One version",
  request: { params: versionParams },
  responses: {
    200: { description: "The version", ...json(z.object({ version: VersionSchema })) },
    ...errorResponses(401, 403, 404),
  },
});

const FileChangeSchema = z
  .object({ path: z.string(), status: z.string(), additions: z.number(), deletions: z.number() })
  .catchall(z.unknown());

const diff = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/versions/{a}/diff/{b}",
  summary: "What changed between two versions: a unified patch, or (?mode=files) the changed files with counts",
  request: {
    params: params.extend({ a: path("a", "The older version"), b: path("b", "The newer version") }),
    query: z.object({ mode: queryValue('"patch" (default) or "files"') }),
  },
  responses: {
    200: {
      description: "The difference",
      content: {
        "text/x-diff": { schema: z.string() },
        "application/json": {
          schema: z.object({
            from: z.string(),
            to: z.string(),
            files: z.array(FileChangeSchema),
            additions: z.number(),
            deletions: z.number(),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const zip = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/versions/{v}/zip",
  summary: "A version's sources as a zip",
  request: { params: versionParams },
  responses: {
    200: {
      description: "The zip",
      content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses(401, 403, 404),
  },
});

const pin = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/versions/{v}/pin",
  summary: "Pin (or with {pinned: false} unpin) a version: the nightly clean-up keeps pinned versions",
  middleware: [ownsProject(), anyTypeJson({ optional: true })],
  request: { params: versionParams, body: { ...json(PinBody), required: false } },
  responses: {
    200: { description: "Pinned or unpinned", ...json(z.object({ versionId: z.string(), pinned: z.boolean() })) },
    ...errorResponses(400, 401, 403, 404, 413),
  },
});

const preview = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/preview",
  summary: "The newest preview, the live preview link and production",
  request: { params },
  responses: {
    200: { description: "Where the project is served", ...json(PreviewInfoSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const rotate = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/preview/rotate",
  summary: "A new preview key: every preview link handed out so far stops working",
  request: { params },
  responses: { 200: { description: "The new links", ...json(PreviewInfoSchema) }, ...errorResponses(401, 403, 404) },
});

const publishRoute = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/publish",
  summary: "Make a deployed version production (its pending migrations run on production's database, after a snapshot)",
  middleware: [ownsProject(), anyTypeJson()],
  request: { params, body: { ...json(PublishBody), required: true } },
  responses: {
    200: { description: "Published", ...json(PublishResultSchema) },
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});

const rollbackRoute = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/rollback/{v}",
  summary:
    "Roll production back to an earlier version (as a new version); when the data has moved on, choose data: keep or restore",
  middleware: [ownsProject(), anyTypeJson({ optional: true })],
  request: { params: versionParams, body: { ...json(RollbackBody), required: false } },
  responses: {
    201: { description: "Rolled back", ...json(RollbackResultSchema) },
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});

const exportRoute = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/exports/{name}",
  summary: "A database export a rollback made (SQL)",
  request: {
    params: params.extend({
      name: path("name", "As the rollback answered, e.g. production-2026-01-31T12-00-00-000Z.sql"),
    }),
  },
  responses: {
    200: { description: "The export", content: { "application/sql": { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const maintenance = createRoute({
  method: "get",
  path: "/api/maintenance",
  tags: ["platform"],
  summary: "When the nightly clean-up last ran and what it did, in counts (the details stay in the logs)",
  security: SESSION,
  middleware: [requireUser],
  responses: {
    200: {
      description: "The last report, or null before the first run",
      ...json(
        z.object({
          report: z
            .object({
              startedAt: z.string(),
              projects: z.number(),
              versionsDeleted: z.number(),
              blobsDeleted: z.number(),
              repaired: z.number(),
              problems: z.number(),
            })
            .nullable(),
        }),
      ),
    },
    ...errorResponses(401, 403),
  },
});

async function previewInfo(env: AppEnv["Bindings"], userId: string, project: ProjectRow, origin: string) {
  const pointer = await readPointer(env, userId, project.id);
  return {
    preview: pointer && { ...pointer, previewUrl: await previewUrl(env, origin, project, pointer.latestVersionId) },
    livePreviewUrl: livePreviewUrl(env, origin, project),
    productionVersionId: project.production_version_id,
    url:
      project.deployed_url &&
      productionUrl(env, origin, { ...project, domain: await primaryDomain(env.DB, project.id) }),
  };
}

function versionPreviewUrl(
  env: AppEnv["Bindings"],
  origin: string,
  project: ProjectRow,
  row: VersionRow,
): Promise<string | null> | null {
  return row.status === "deployed" ? previewUrl(env, origin, project, row.version_id) : null;
}

export const versionRoutes = routes();
for (const path of ["versions", "versions/*", "preview", "preview/*", "publish", "rollback/*", "exports/*"])
  versionRoutes.use(`/api/projects/:id/${path}`, requireUser);

versionRoutes
  .openapi(list, async (c) => {
    const project = c.var.project;
    await (await projectAgent(c.env, project.id)).settle();
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 20) || 20, 1), 100);
    const rows = await listVersions(c.env.DB, project.id, { limit: limit + 1, before: c.req.query("cursor") });
    const page = rows.slice(0, limit);
    const origin = new URL(c.req.url).origin;
    const renders = await rendersOf(
      c.env.DB,
      project.id,
      page.map((r) => r.version_id),
    );
    const versions = await Promise.all(
      page.map(async (r) =>
        toVersion(
          r,
          project.production_version_id,
          await versionPreviewUrl(c.env, origin, project, r),
          renders.get(r.version_id) ?? null,
        ),
      ),
    );
    return c.json({ versions, nextCursor: rows.length > limit ? page.at(-1)!.version_id : null }, 200);
  })
  .openapi(get, async (c) => {
    const project = c.var.project;
    const row = await findVersion(c.env.DB, project.id, c.req.param("v"));
    if (!row) throw notFound(`Version ${c.req.param("v")}`);
    return c.json(
      {
        version: toVersion(
          row,
          project.production_version_id,
          await versionPreviewUrl(c.env, new URL(c.req.url).origin, project, row),
          (await rendersOf(c.env.DB, project.id, [row.version_id])).get(row.version_id) ?? null,
        ),
      },
      200,
    );
  })
  .openapi(diff, async (c) => {
    const project = c.var.project;
    const [a, b] = [c.req.param("a"), c.req.param("b")];
    for (const v of [a, b]) if (!(await findVersion(c.env.DB, project.id, v))) throw notFound(`Version ${v}`);
    const mode = c.req.query("mode") ?? "patch";
    if (mode !== "patch" && mode !== "files")
      throw new ApiError(400, "invalid_request", `mode must be "patch" or "files", not "${mode}".`);
    const { changes, patch } = await diffVersions(c.env.CODE, project.id, a, b);
    if (mode === "files")
      return c.json(
        {
          from: a,
          to: b,
          files: changes,
          additions: changes.reduce((n, f) => n + f.additions, 0),
          deletions: changes.reduce((n, f) => n + f.deletions, 0),
        },
        200,
      );
    return c.text(patch, 200, { "content-type": "text/x-diff; charset=utf-8" });
  })
  .openapi(zip, async (c) => {
    const project = c.var.project;
    const v = c.req.param("v");
    if (!(await findVersion(c.env.DB, project.id, v))) throw notFound(`Version ${v}`);
    const folder = `${project.slug}-${v.toLowerCase()}`;
    const zipped = await zipVersion(c.env.CODE, project.id, v, folder);
    return c.body(zipped as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${folder}.zip"`,
    });
  })
  .openapi(pin, async (c) => {
    // No body pins, as {"pinned": true} does.
    const pinned = c.req.valid("json").pinned ?? true;
    if (!(await setPinned(c.env.DB, c.var.project.id, c.req.param("v"), pinned)))
      throw notFound(`Version ${c.req.param("v")}`);
    return c.json({ versionId: c.req.param("v"), pinned }, 200);
  })
  .openapi(preview, async (c) =>
    c.json(await previewInfo(c.env, c.var.user.id, c.var.project, new URL(c.req.url).origin), 200),
  )
  .openapi(rotate, async (c) => {
    const project = c.var.project;
    const rotated = await rotatePreviewKey(c.env.DB, c.var.user.id, project.id);
    if (!rotated) throw notFound("This project");
    forgetRoutes(project.id);
    const info = await previewInfo(c.env, c.var.user.id, rotated, new URL(c.req.url).origin);
    if (info.preview)
      await writePointer(c.env.KV, c.var.user.id, project.id, {
        latestVersionId: info.preview.latestVersionId,
        previewUrl: info.preview.previewUrl,
      });
    return c.json(info, 200);
  })
  .openapi(publishRoute, async (c) => {
    const agent = await projectAgent(c.env, c.var.project.id);
    return c.json(await agent.publish(c.var.project, c.req.valid("json").versionId, new URL(c.req.url).origin), 200);
  })
  .openapi(rollbackRoute, async (c) => {
    const agent = await projectAgent(c.env, c.var.project.id);
    const result = await agent.rollback(c.var.project, c.req.param("v"), {
      userId: c.var.user.id,
      origin: new URL(c.req.url).origin,
      data: c.req.valid("json").data,
    });
    return c.json(result, 201);
  })
  .openapi(exportRoute, async (c) => {
    const project = c.var.project;
    const name = c.req.param("name");
    if (!isExportName(name))
      throw new ApiError(
        400,
        "invalid_export_name",
        `"${name.slice(0, 200)}" is not an export's name: exports are named like production-2026-01-31T12-00-00-000Z.sql, as the rollback that made them answered.`,
      );
    const obj = await c.env.CODE.get(exportKey(project.id, name));
    if (!obj) throw notFound("This export");
    return c.body(obj.body, 200, {
      "content-type": "application/sql; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
    });
  })
  .openapi(maintenance, async (c) => {
    const report = await c.env.KV.get<MaintenanceReport>("maintenance:last", "json");
    return c.json(
      {
        report: report && {
          startedAt: report.startedAt,
          projects: report.projects,
          versionsDeleted: report.versionsDeleted,
          blobsDeleted: report.blobsDeleted,
          repaired: report.repaired.length,
          problems: report.problems.length,
        },
      },
      200,
    );
  });
