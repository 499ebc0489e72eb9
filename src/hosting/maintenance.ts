import { numberSetting, type Env } from "../env";
import { activeDomainsOf } from "../store/domains";
import { allVersions, deleteVersionRows, projectsAfter, type MaintainedProject } from "../store/maintenance";
import { currentManifest } from "../store/sources";
import { latestDeployedVersion, markVersionFailed } from "../store/versions";
import { appPrefix, artifactKey, type VersionArtifact } from "./artifact";
import { meteredEnv, newMeter, type OperationMeter } from "./operation-meter";
import { writePointer } from "./pointer";

/**
 * The nightly clean-up (a cron trigger): keeps each project's latest versions (and every pinned
 * or published one), deletes blobs no version references, and checks that KV, D1 and R2 agree.
 * Everything it changes or cannot fix is reported.
 *
 * It runs in batches: Cloudflare stops an invocation past 1,000 subrequests or D1 queries, so
 * one batch takes projects in id order while its metered operations stay under START_BUDGET,
 * and the next batch (a fresh invocation: see maintenance-run.ts) resumes after the last one done.
 */

export interface MaintenanceReport {
  startedAt: string;
  projects: number;
  versionsDeleted: number;
  blobsDeleted: number;
  repaired: string[];
  problems: string[];
  /** Invocations the run took. */
  batches?: number;
}

/** A run in progress: where the next batch starts. */
export interface MaintenanceRunState {
  now: number;
  /** Id of the last project done ("" before the first). */
  cursor: string;
  /** Whether this run has looked for teardowns that should have ended (maintenance-run.ts). */
  teardownsChecked?: boolean;
  report: MaintenanceReport;
}

/** Blobs younger than this may belong to an upload or build still in progress. */
const BLOB_GRACE_MS = 60 * 60 * 1000;
/** A version still "building" after this was interrupted (a crash or restart). */
const BUILD_STALE_MS = 15 * 60 * 1000;
/** A batch starts another project only below this many operations: one project may take ~400 more. */
const START_BUDGET = 400;
/** Artifacts read per project per run; past it the project's blobs are left for a later run (and reported). */
const MAX_ARTIFACT_READS = 250;
/** Listing pages of one project's blobs per run (1,000 blobs each). */
const MAX_BLOB_PAGES = 40;
/** Versions deleted per statement (D1 takes at most 100 bound parameters). */
const DELETE_CHUNK = 90;
/** Lines kept in a report's lists (the counts stay exact). */
const MAX_REPORT_LINES = 200;
const PROJECT_PAGE = 50;

export function newMaintenanceRun(now = Date.now()): MaintenanceRunState {
  return {
    now,
    cursor: "",
    report: {
      startedAt: new Date(now).toISOString(),
      projects: 0,
      versionsDeleted: 0,
      blobsDeleted: 0,
      repaired: [],
      problems: [],
      batches: 0,
    },
  };
}

/**
 * One batch: projects after the cursor until the budget is spent. Changes `run` in place and
 * says whether every project has been done; `meter` shows what the batch cost.
 */
export async function runMaintenanceBatch(
  env: Env,
  run: MaintenanceRunState,
  meter: OperationMeter = newMeter(),
): Promise<{ done: boolean; meter: OperationMeter }> {
  const metered = meteredEnv(env, meter);
  const keep = numberSetting(env.RETAIN_VERSIONS, 200);
  run.report.batches = (run.report.batches ?? 0) + 1;
  for (;;) {
    const projects = await projectsAfter(metered.DB, run.cursor, PROJECT_PAGE);
    for (const project of projects) {
      if (meter.total >= START_BUDGET) return { done: false, meter };
      await maintainProject(metered, project, keep, run.now, run.report);
      run.report.projects++;
      run.cursor = project.id;
    }
    if (projects.length < PROJECT_PAGE) return { done: true, meter };
    if (meter.total >= START_BUDGET) return { done: false, meter };
  }
}

/** A whole run in this invocation's caller, batch after batch (tests, and anywhere without the limit). */
export async function runMaintenance(env: Env, now = Date.now()): Promise<MaintenanceReport> {
  const run = newMaintenanceRun(now);
  while (!(await runMaintenanceBatch(env, run)).done);
  await finishMaintenance(env, run);
  return run.report;
}

export async function finishMaintenance(env: Env, run: MaintenanceRunState) {
  await env.KV.put("maintenance:last", JSON.stringify(run.report));
}

function note(list: string[], line: string) {
  if (list.length < MAX_REPORT_LINES) list.push(line);
  else if (list.length === MAX_REPORT_LINES) list.push("… more not listed");
}

async function maintainProject(
  env: Env,
  project: MaintainedProject,
  keep: number,
  now: number,
  report: MaintenanceReport,
) {
  const versions = await allVersions(env.DB, project.id);

  // Interrupted builds end as failed, never stuck.
  for (const v of versions) {
    if (v.status === "building" && now - Date.parse(v.created_at) > BUILD_STALE_MS) {
      await markVersionFailed(
        env.DB,
        v.version_id,
        "Interrupted: the platform stopped while this version was being built.",
      );
      v.status = "failed";
      note(report.repaired, `${project.id}: version ${v.version_id} was stuck building; marked failed`);
    }
  }

  // Retention: the latest `keep`, plus pinned, production, and what the kept ones descend from.
  const kept = new Set(versions.slice(0, keep).map((v) => v.version_id));
  for (const v of versions) if (v.pinned || v.version_id === project.production_version_id) kept.add(v.version_id);
  for (const v of versions) if (kept.has(v.version_id) && v.parent_version_id) kept.add(v.parent_version_id);
  const doomed = versions.filter((v) => !kept.has(v.version_id));
  for (let i = 0; i < doomed.length; i += DELETE_CHUNK) {
    const chunk = doomed.slice(i, i + DELETE_CHUNK).map((v) => v.version_id);
    await env.CODE.delete(chunk.map((id) => artifactKey(project.id, id)));
    await deleteVersionRows(env.DB, chunk);
    report.versionsDeleted += chunk.length;
  }

  // Consistency of what remains: every deployed version has its artifact.
  const referencedAssets = new Set<string>();
  const referencedSources = new Set<string>();
  const deployed = versions.filter((v) => kept.has(v.version_id) && v.status === "deployed");
  if (deployed.length > MAX_ARTIFACT_READS) {
    // Which blobs are unreferenced is only known after reading every kept artifact: leave them.
    note(
      report.problems,
      `${project.id}: ${deployed.length} deployed versions kept, more than one run reads (${MAX_ARTIFACT_READS}); its unreferenced files were not collected (lower RETAIN_VERSIONS or unpin versions)`,
    );
  }
  for (const v of deployed.slice(0, MAX_ARTIFACT_READS)) {
    const obj = await env.CODE.get(artifactKey(project.id, v.version_id));
    if (!obj) {
      await markVersionFailed(env.DB, v.version_id, "Its files are missing from storage.");
      note(
        report.problems,
        `${project.id}: version ${v.version_id} was deployed but its artifact is missing; marked failed`,
      );
      if (v.version_id === project.production_version_id)
        note(
          report.problems,
          `${project.id}: production points at ${v.version_id}, whose files are missing; publish another version`,
        );
      continue;
    }
    const artifact = (await obj.json()) as VersionArtifact;
    for (const a of Object.values(artifact.assets)) referencedAssets.add(a.hash);
    for (const h of Object.values(artifact.sourceMaps ?? {})) referencedAssets.add(h);
    for (const a of Object.values(artifact.previewAssets ?? {})) referencedAssets.add(a.hash);
    for (const h of Object.values(artifact.sources ?? {})) referencedSources.add(h);
  }
  for (const hash of Object.values(await currentManifest(env.DB, project.id))) referencedSources.add(hash);

  // Unreferenced blobs, once they are old enough not to belong to a deploy in progress.
  for (const [kind, referenced] of deployed.length > MAX_ARTIFACT_READS
    ? []
    : ([
        ["assets", referencedAssets],
        ["src", referencedSources],
      ] as const)) {
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await env.CODE.list({ prefix: `${appPrefix(project.id)}${kind}/`, cursor });
      const stale = page.objects.filter(
        (o) => !referenced.has(o.key.slice(o.key.lastIndexOf("/") + 1)) && now - o.uploaded.getTime() > BLOB_GRACE_MS,
      );
      if (stale.length > 0) {
        await env.CODE.delete(stale.map((o) => o.key));
        report.blobsDeleted += stale.length;
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor && ++pages < MAX_BLOB_PAGES);
    if (cursor)
      note(
        report.problems,
        `${project.id}: more ${kind} files than one run lists (${MAX_BLOB_PAGES * 1000}); the rest are collected by later runs`,
      );
  }

  // KV ⇄ D1: the latest-preview pointer and the host route.
  const pointer = await env.KV.get<{ latestVersionId: string }>(`latest:${project.user_id}:${project.id}`, "json");
  const latest = await latestDeployedVersion(env.DB, project.id);
  if (pointer && (!latest || pointer.latestVersionId !== latest.version_id)) {
    if (latest)
      await writePointer(env.KV, project.user_id, project.id, {
        latestVersionId: latest.version_id,
        previewUrl: latest.preview_url,
      });
    else await env.KV.delete(`latest:${project.user_id}:${project.id}`);
    note(
      report.repaired,
      `${project.id}: the latest-preview pointer named ${pointer.latestVersionId}; now ${latest?.version_id ?? "nothing"}`,
    );
  }
  for (const hostname of await activeDomainsOf(env.DB, project.id)) {
    if ((await env.KV.get(`host:${hostname}`)) !== project.id) {
      await env.KV.put(`host:${hostname}`, project.id);
      report.repaired.push(`${project.id}: the host route for its domain ${hostname} was missing; restored`);
    }
  }
  if ((await env.KV.get(`host:${project.slug}`)) !== project.id) {
    await env.KV.put(`host:${project.slug}`, project.id);
    note(report.repaired, `${project.id}: the host route for ${project.slug} was missing; restored`);
  }
}
