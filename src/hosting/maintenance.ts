import { numberSetting, type Env } from "../env";
import { allProjects, allVersions, deleteVersionRow, type MaintainedProject } from "../store/maintenance";
import { currentManifest } from "../store/sources";
import { latestDeployedVersion, markVersionFailed } from "../store/versions";
import { appPrefix, artifactKey, type VersionArtifact } from "./artifact";
import { writePointer } from "./pointer";

/**
 * The nightly clean-up (a cron trigger): keeps each project's latest versions (and every pinned
 * or published one), deletes blobs no version references, and checks that KV, D1 and R2 agree.
 * Everything it changes or cannot fix is reported.
 */

export interface MaintenanceReport {
  startedAt: string;
  projects: number;
  versionsDeleted: number;
  blobsDeleted: number;
  repaired: string[];
  problems: string[];
}

/** Blobs younger than this may belong to an upload or build still in progress. */
const BLOB_GRACE_MS = 60 * 60 * 1000;
/** A version still "building" after this was interrupted (a crash or restart). */
const BUILD_STALE_MS = 15 * 60 * 1000;

export async function runMaintenance(env: Env, now = Date.now()): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { startedAt: new Date(now).toISOString(), projects: 0, versionsDeleted: 0, blobsDeleted: 0, repaired: [], problems: [] };
  const keep = numberSetting(env.RETAIN_VERSIONS, 200);
  const projects = await allProjects(env.DB);
  for (const project of projects) {
    report.projects++;
    await maintainProject(env, project, keep, now, report);
  }
  await env.KV.put("maintenance:last", JSON.stringify(report));
  return report;
}

async function maintainProject(env: Env, project: MaintainedProject, keep: number, now: number, report: MaintenanceReport) {
  const versions = await allVersions(env.DB, project.id);

  // Interrupted builds end as failed, never stuck.
  for (const v of versions) {
    if (v.status === "building" && now - Date.parse(v.created_at) > BUILD_STALE_MS) {
      await markVersionFailed(env.DB, v.version_id, "Interrupted: the platform stopped while this version was being built.");
      v.status = "failed";
      report.repaired.push(`${project.id}: version ${v.version_id} was stuck building; marked failed`);
    }
  }

  // Retention: the latest `keep`, plus pinned, production, and what the kept ones descend from.
  const kept = new Set(versions.slice(0, keep).map((v) => v.version_id));
  for (const v of versions) if (v.pinned || v.version_id === project.production_version_id) kept.add(v.version_id);
  for (const v of versions) if (kept.has(v.version_id) && v.parent_version_id) kept.add(v.parent_version_id);
  const doomed = versions.filter((v) => !kept.has(v.version_id));
  for (const v of doomed) {
    await env.CODE.delete(artifactKey(project.id, v.version_id));
    await deleteVersionRow(env.DB, v.version_id);
    report.versionsDeleted++;
  }

  // Consistency of what remains: every deployed version has its artifact.
  const referencedAssets = new Set<string>();
  const referencedSources = new Set<string>();
  for (const v of versions.filter((v) => kept.has(v.version_id) && v.status === "deployed")) {
    const obj = await env.CODE.get(artifactKey(project.id, v.version_id));
    if (!obj) {
      await markVersionFailed(env.DB, v.version_id, "Its files are missing from storage.");
      report.problems.push(`${project.id}: version ${v.version_id} was deployed but its artifact is missing; marked failed`);
      if (v.version_id === project.production_version_id) report.problems.push(`${project.id}: production points at ${v.version_id}, whose files are missing; publish another version`);
      continue;
    }
    const artifact = (await obj.json()) as VersionArtifact;
    for (const a of Object.values(artifact.assets)) referencedAssets.add(a.hash);
    for (const h of Object.values(artifact.sources ?? {})) referencedSources.add(h);
  }
  for (const hash of Object.values(await currentManifest(env.DB, project.id))) referencedSources.add(hash);

  // Unreferenced blobs, once they are old enough not to belong to a deploy in progress.
  for (const [kind, referenced] of [["assets", referencedAssets], ["src", referencedSources]] as const) {
    let cursor: string | undefined;
    do {
      const page = await env.CODE.list({ prefix: `${appPrefix(project.id)}${kind}/`, cursor });
      const stale = page.objects.filter((o) => !referenced.has(o.key.slice(o.key.lastIndexOf("/") + 1)) && now - o.uploaded.getTime() > BLOB_GRACE_MS);
      if (stale.length > 0) {
        await env.CODE.delete(stale.map((o) => o.key));
        report.blobsDeleted += stale.length;
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  }

  // KV ⇄ D1: the latest-preview pointer and the host route.
  const pointer = await env.KV.get<{ latestVersionId: string }>(`latest:${project.user_id}:${project.id}`, "json");
  const latest = await latestDeployedVersion(env.DB, project.id);
  if (pointer && (!latest || pointer.latestVersionId !== latest.version_id)) {
    if (latest) await writePointer(env.KV, project.user_id, project.id, { latestVersionId: latest.version_id, previewUrl: latest.preview_url });
    else await env.KV.delete(`latest:${project.user_id}:${project.id}`);
    report.repaired.push(`${project.id}: the latest-preview pointer named ${pointer.latestVersionId}; now ${latest?.version_id ?? "nothing"}`);
  }
  if ((await env.KV.get(`host:${project.slug}`)) !== project.id) {
    await env.KV.put(`host:${project.slug}`, project.id);
    report.repaired.push(`${project.id}: the host route for ${project.slug} was missing; restored`);
  }
}
