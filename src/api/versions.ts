import { Hono } from "hono";
import { z } from "zod";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";
import type { MaintenanceReport } from "../hosting/maintenance";
import { readPointer } from "../hosting/pointer";
import { livePreviewUrl } from "../hosting/urls";
import { diffVersions, zipVersion } from "../hosting/version-files";
import { findOwnedProject } from "../store/projects";
import { exportKey, isExportName } from "../store/snapshots";
import { findVersion, listVersions, setPinned, type VersionRow } from "../store/versions";
import { ApiError, notFound } from "./errors";
import { parseJson, parseOptionalJson } from "./parse";
import { requireUser } from "./require-user";

/** History, comparison, export, publishing and rollback of a project's versions (seed 004). */
export const versionRoutes = new Hono<AppEnv>();

for (const path of ["versions", "versions/*", "preview", "publish", "rollback/*", "exports/*"]) versionRoutes.use(`/api/projects/:id/${path}`, requireUser);

async function ownProject(c: { env: AppEnv["Bindings"]; var: AppEnv["Variables"] }, id: string) {
  const project = await findOwnedProject(c.env.DB, c.var.user.id, id);
  if (!project) throw notFound("This project");
  return project;
}

const PinBody = z.object({ pinned: z.boolean({ error: "pinned must be true or false" }).optional() });
const PublishBody = z.object({ versionId: z.string({ error: "required: the id of the version to publish" }).min(1, { error: "required: the id of the version to publish" }).max(64) });
const RollbackBody = z.object({ data: z.enum(["keep", "restore"], { error: 'data must be "keep" (keep today\'s data) or "restore" (restore the snapshot)' }).optional() });

export function toVersion(row: VersionRow, productionVersionId: string | null) {
  return {
    versionId: row.version_id,
    projectId: row.project_id,
    status: row.status,
    source: row.source,
    prompt: row.prompt,
    parentVersionId: row.parent_version_id,
    previewUrl: row.preview_url,
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
  return c.json({ versions: page.map((r) => toVersion(r, project.production_version_id)), nextCursor: rows.length > limit ? page.at(-1)!.version_id : null });
});

versionRoutes.get("/api/projects/:id/versions/:v", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const row = await findVersion(c.env.DB, project.id, c.req.param("v"));
  if (!row) throw notFound(`Version ${c.req.param("v")}`);
  return c.json({ version: toVersion(row, project.production_version_id) });
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
  const pointer = await readPointer(c.env, c.var.user.id, project.id);
  return c.json({ preview: pointer, livePreviewUrl: livePreviewUrl(c.env, new URL(c.req.url).origin, project), productionVersionId: project.production_version_id, url: project.deployed_url });
});

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
