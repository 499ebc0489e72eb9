import { Hono } from "hono";
import { z } from "zod";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";
import type { MaintenanceReport } from "../hosting/maintenance";
import { readPointer, writePointer } from "../hosting/pointer";
import { forgetRoutes } from "../hosting/serving/routes";
import { livePreviewUrl, previewUrl, productionUrl } from "../hosting/serving/urls";
import { diffVersions, zipVersion } from "../hosting/version-files";
import { primaryDomain } from "../store/domains";
import { findOwnedProject, rotatePreviewKey, type ProjectRow } from "../store/projects";
import { exportKey, isExportName } from "../store/snapshots";
import { findVersion, listVersions, setPinned, type VersionRow } from "../store/versions";
import { ApiError, notFound } from "./errors";
import { parseJson, parseOptionalJson } from "./parse";
import { requireUser } from "./require-user";

/** History, comparison, export, publishing and rollback of a project's versions (seed 004). */
export const versionRoutes = new Hono<AppEnv>();

for (const path of ["versions", "versions/*", "preview", "preview/*", "publish", "rollback/*", "exports/*"]) versionRoutes.use(`/api/projects/:id/${path}`, requireUser);

async function ownProject(c: { env: AppEnv["Bindings"]; var: AppEnv["Variables"] }, id: string) {
  const project = await findOwnedProject(c.env.DB, c.var.user.id, id);
  if (!project) throw notFound("This project");
  return project;
}

const PinBody = z.object({ pinned: z.boolean({ error: "pinned must be true or false" }).optional() });
const PublishBody = z.object({ versionId: z.string({ error: "required: the id of the version to publish" }).min(1, { error: "required: the id of the version to publish" }).max(64) });
const RollbackBody = z.object({ data: z.enum(["keep", "restore"], { error: 'data must be "keep" (keep today\'s data) or "restore" (restore the snapshot)' }).optional() });

/** A version as the API shows it; `previewUrl` is made afresh, as a new preview key retires the stored one. */
export function toVersion(row: VersionRow, productionVersionId: string | null, previewUrl: string | null) {
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
  };
}

versionRoutes.get("/api/projects/:id/versions", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  await (await projectAgent(c.env, project.id)).settle();
  const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 20) || 20, 1), 100);
  const rows = await listVersions(c.env.DB, project.id, { limit: limit + 1, before: c.req.query("cursor") });
  const page = rows.slice(0, limit);
  const origin = new URL(c.req.url).origin;
  const versions = await Promise.all(page.map(async (r) => toVersion(r, project.production_version_id, await versionPreviewUrl(c.env, origin, project, r))));
  return c.json({ versions, nextCursor: rows.length > limit ? page.at(-1)!.version_id : null });
});

versionRoutes.get("/api/projects/:id/versions/:v", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const row = await findVersion(c.env.DB, project.id, c.req.param("v"));
  if (!row) throw notFound(`Version ${c.req.param("v")}`);
  return c.json({ version: toVersion(row, project.production_version_id, await versionPreviewUrl(c.env, new URL(c.req.url).origin, project, row)) });
});

versionRoutes.get("/api/projects/:id/versions/:a/diff/:b", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const [a, b] = [c.req.param("a"), c.req.param("b")];
  for (const v of [a, b]) if (!(await findVersion(c.env.DB, project.id, v))) throw notFound(`Version ${v}`);
  const mode = c.req.query("mode") ?? "patch";
  if (mode !== "patch" && mode !== "files") throw new ApiError(400, "invalid_request", `mode must be "patch" or "files", not "${mode}".`);
  const { changes, patch } = await diffVersions(c.env.CODE, project.id, a, b);
  if (mode === "files") return c.json({ from: a, to: b, files: changes, additions: changes.reduce((n, f) => n + f.additions, 0), deletions: changes.reduce((n, f) => n + f.deletions, 0) });
  return c.text(patch, 200, { "content-type": "text/x-diff; charset=utf-8" });
});

versionRoutes.get("/api/projects/:id/versions/:v/zip", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const v = c.req.param("v");
  if (!(await findVersion(c.env.DB, project.id, v))) throw notFound(`Version ${v}`);
  const folder = `${project.slug}-${v.toLowerCase()}`;
  const zip = await zipVersion(c.env.CODE, project.id, v, folder);
  return c.body(zip as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/zip", "content-disposition": `attachment; filename="${folder}.zip"` });
});

versionRoutes.post("/api/projects/:id/versions/:v/pin", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  // No body pins, as {"pinned": true} does.
  const pinned = (await parseOptionalJson(c, PinBody)).pinned ?? true;
  if (!(await setPinned(c.env.DB, project.id, c.req.param("v"), pinned))) throw notFound(`Version ${c.req.param("v")}`);
  return c.json({ versionId: c.req.param("v"), pinned });
});

versionRoutes.get("/api/projects/:id/preview", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  return c.json(await previewInfo(c.env, c.var.user.id, project, new URL(c.req.url).origin));
});

/** A new preview key: the live preview and every version's preview move to new hosts, and the old links stop working. */
versionRoutes.post("/api/projects/:id/preview/rotate", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const rotated = await rotatePreviewKey(c.env.DB, c.var.user.id, project.id);
  if (!rotated) throw notFound("This project");
  forgetRoutes(project.id);
  const info = await previewInfo(c.env, c.var.user.id, rotated, new URL(c.req.url).origin);
  if (info.preview) await writePointer(c.env.KV, c.var.user.id, project.id, { latestVersionId: info.preview.latestVersionId, previewUrl: info.preview.previewUrl });
  return c.json(info);
});

async function previewInfo(env: AppEnv["Bindings"], userId: string, project: ProjectRow, origin: string) {
  const pointer = await readPointer(env, userId, project.id);
  return {
    preview: pointer && { ...pointer, previewUrl: await previewUrl(env, origin, project, pointer.latestVersionId) },
    livePreviewUrl: livePreviewUrl(env, origin, project),
    productionVersionId: project.production_version_id,
    url: project.deployed_url && productionUrl(env, origin, { ...project, domain: await primaryDomain(env.DB, project.id) }),
  };
}

function versionPreviewUrl(env: AppEnv["Bindings"], origin: string, project: ProjectRow, row: VersionRow): Promise<string | null> | null {
  return row.status === "deployed" ? previewUrl(env, origin, project, row.version_id) : null;
}

versionRoutes.post("/api/projects/:id/publish", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const body = await parseJson(c, PublishBody);
  const agent = await projectAgent(c.env, project.id);
  return c.json(await agent.publish(project, body.versionId, new URL(c.req.url).origin));
});

versionRoutes.post("/api/projects/:id/rollback/:v", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const body = await parseOptionalJson(c, RollbackBody);
  const agent = await projectAgent(c.env, project.id);
  const result = await agent.rollback(project, c.req.param("v"), { userId: c.var.user.id, origin: new URL(c.req.url).origin, data: body.data });
  return c.json(result, 201);
});

versionRoutes.get("/api/projects/:id/exports/:name", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const name = c.req.param("name");
  if (!isExportName(name)) throw new ApiError(400, "invalid_export_name", `"${name.slice(0, 200)}" is not an export's name: exports are named like production-2026-01-31T12-00-00-000Z.sql, as the rollback that made them answered.`);
  const obj = await c.env.CODE.get(exportKey(project.id, name));
  if (!obj) throw notFound("This export");
  return c.body(obj.body, 200, { "content-type": "application/sql; charset=utf-8", "content-disposition": `attachment; filename="${name}"` });
});

/** When the nightly clean-up last ran and what it did, in counts (the details stay in the logs). */
versionRoutes.get("/api/maintenance", requireUser, async (c) => {
  const report = await c.env.KV.get<MaintenanceReport>("maintenance:last", "json");
  return c.json({
    report: report && { startedAt: report.startedAt, projects: report.projects, versionsDeleted: report.versionsDeleted, blobsDeleted: report.blobsDeleted, repaired: report.repaired.length, problems: report.problems.length },
  });
});
