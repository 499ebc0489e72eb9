import { Hono } from "hono";
import type { AppEnv, Env } from "../env";
import { readArtifact, assetKey, type AssetEntry, type ModuleType, type ServerCode } from "../hosting/artifact";
import { projectAgent } from "../agent/project-agent";
import { contentTypeFor } from "../hosting/mime";
import { teardownProject } from "../hosting/teardown";
import { createSession, issueCompletion, openSession } from "../hosting/upload-session";
import { pathUrl, productionUrl } from "../hosting/urls";
import { deleteProject, findOwnedProject, listProjects, renameProject, type ProjectRow } from "../store/projects";
import { sha256Hex } from "../security/hash";
import { createProject } from "./create-project";
import { DeployBody, NewProjectBody, UploadBody, UploadSessionBody, type ModuleInput } from "./deploy-schemas";
import { ApiError, notFound } from "./errors";
import { parseJson, parseOptionalJson } from "./parse";
import { platformSecret } from "./platform-secret";
import { requireApiToken } from "./require-token";
import { checkModuleNames } from "../hosting/module-names";

/** Seed 003's deploy API under /__api, for tools and CI (`kiln deploy` uses it). */
export const deployApi = new Hono<AppEnv>();

// The bucket upload authenticates with its upload JWT, not an API token.
deployApi.post("/__api/projects/:id/assets/upload", async (c) => {
  const projectId = c.req.param("id");
  const header = c.req.header("authorization") ?? "";
  const token = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const secret = platformSecret(c.env);
  const session = await openSession(c.env.KV, secret, token, "upload", projectId);
  const bucket = await parseJson(c, UploadBody);

  // Check every file of the bucket before storing any of them.
  const contentTypes = new Map(Object.entries(session.manifest).map(([path, e]) => [e.hash, contentTypeFor(path)]));
  const sizes = new Map(Object.values(session.manifest).map((e) => [e.hash, e.size]));
  const files: { hash: string; bytes: Uint8Array }[] = [];
  for (const [hash, b64] of Object.entries(bucket)) {
    if (!session.needed.includes(hash)) throw new ApiError(400, "unexpected_asset", `${hash} is not one of the files this upload session asked for.`);
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    } catch {
      throw new ApiError(400, "invalid_base64", `The content for ${hash} is not valid base64.`);
    }
    const actual = await sha256Hex(bytes);
    if (actual !== hash) throw new ApiError(400, "hash_mismatch", `The content uploaded for ${hash} hashes to ${actual}: the manifest's hash must be the SHA-256 of the file's bytes.`);
    if (bytes.byteLength !== sizes.get(hash)) throw new ApiError(400, "size_mismatch", `${hash} is ${bytes.byteLength} bytes but the manifest said ${sizes.get(hash)}.`);
    files.push({ hash, bytes });
  }
  await Promise.all(files.map((f) => c.env.CODE.put(assetKey(projectId, f.hash), f.bytes, { httpMetadata: { contentType: contentTypes.get(f.hash) } })));

  const stored = await Promise.all(session.needed.map((h) => c.env.CODE.head(assetKey(projectId, h))));
  const complete = stored.every(Boolean);
  const result = complete ? { jwt: await issueCompletion(secret, session) } : {};
  return c.json({ success: true, result, uploaded: files.length, remaining: stored.filter((s) => !s).length }, complete ? 201 : 200);
});

deployApi.use("/__api/*", requireApiToken);

deployApi.post("/__api/projects", async (c) => {
  const body = await parseOptionalJson(c, NewProjectBody);
  const name = body.name?.trim() ? body.name.trim().slice(0, 100) : "Untitled project";
  const row = await createProject(c.env, c.var.user.id, name, { template: false });
  return c.json({ success: true, project: await describe(c.env, row, new URL(c.req.url).origin) }, 201);
});

deployApi.get("/__api/projects", async (c) => {
  const origin = new URL(c.req.url).origin;
  const rows = await listProjects(c.env.DB, c.var.user.id);
  return c.json({ success: true, projects: await Promise.all(rows.map((r) => describe(c.env, r, origin))) });
});

deployApi.get("/__api/projects/:id", async (c) => {
  const row = await ownProject(c.env, c.var.user.id, c.req.param("id"));
  return c.json({ success: true, project: await describe(c.env, row, new URL(c.req.url).origin) });
});

deployApi.delete("/__api/projects/:id", async (c) => {
  const row = await ownProject(c.env, c.var.user.id, c.req.param("id"));
  await teardownProject(c.env, row);
  await deleteProject(c.env.DB, c.var.user.id, row.id);
  return c.json({ success: true, message: "Project deleted with its versions, assets, database and routes." });
});

deployApi.post("/__api/projects/:id/assets-upload-session", async (c) => {
  const row = await ownProject(c.env, c.var.user.id, c.req.param("id"));
  const { manifest } = await parseJson(c, UploadSessionBody);
  const hashes = [...new Set(Object.values(manifest).map((e) => e.hash))];
  const present = await Promise.all(hashes.map((h) => c.env.CODE.head(assetKey(row.id, h))));
  const missing = hashes.filter((_, i) => !present[i]);
  const { jwt, buckets } = await createSession(c.env.KV, platformSecret(c.env), row.id, manifest, missing);
  return c.json({ success: true, result: { jwt, buckets } });
});

deployApi.post("/__api/projects/:id/deploy", async (c) => {
  let row = await ownProject(c.env, c.var.user.id, c.req.param("id"));
  const body = await parseJson(c, DeployBody);
  const session = await openSession(c.env.KV, platformSecret(c.env), body.completionJwt, "completion", row.id);
  const server = body.serverCode ? decodeServerCode(body.serverCode) : null;

  const assets: Record<string, AssetEntry> = {};
  for (const [path, e] of Object.entries(session.manifest)) assets[path] = { hash: e.hash, size: e.size, contentType: contentTypeFor(path) };

  if (body.projectName && body.projectName !== row.name) row = (await renameProject(c.env.DB, c.var.user.id, row.id, body.projectName))!;
  const origin = new URL(c.req.url).origin;
  const agent = await projectAgent(c.env, row.id);
  const result = await agent.deploy({
    project: row,
    userId: c.var.user.id,
    source: "deploy-api",
    assets,
    server,
    config: body.config ?? { html_handling: "auto-trailing-slash", not_found_handling: "none", redirects: { static: {}, dynamic: {} }, headers: { rules: {} } },
    runWorkerFirst: body.run_worker_first ?? false,
    vars: body.env ?? {},
    migrations: body.migrations ?? [],
    publish: true,
    origin,
  });
  const deployedAssets = Object.keys(assets).length;
  const newAssets = session.needed.length;
  const fresh = (await findOwnedProject(c.env.DB, c.var.user.id, row.id))!;
  return c.json({
    success: true,
    message: "Project deployed successfully",
    project: await describe(c.env, fresh, origin),
    deployedAssets,
    newAssets,
    skippedAssets: deployedAssets - Math.min(newAssets, deployedAssets),
    versionId: result.versionId,
    url: result.url,
    previewUrl: result.previewUrl,
    appliedMigrations: result.appliedMigrations,
  });
});

async function ownProject(env: Env, userId: string, id: string): Promise<ProjectRow> {
  const row = await findOwnedProject(env.DB, userId, id);
  if (!row) throw notFound("This project");
  return row;
}

/** Seed 003's project shape, plus Kiln's slug, URLs and production version. */
async function describe(env: Env, row: ProjectRow, origin: string) {
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
    url: productionUrl(env, origin, row),
    // On the shared path-route host (apps.<apps-domain>), never on the builder's own.
    pathUrl: pathUrl(env, origin, row.id, "__project"),
  };
}

const EXTENSION_TYPES: Record<string, ModuleType> = { js: "js", mjs: "js", cjs: "cjs", txt: "text", html: "text", md: "text", sql: "text", json: "json", bin: "data" };

function decodeServerCode(input: NonNullable<ReturnType<typeof DeployBody.parse>["serverCode"]>): ServerCode {
  checkModuleNames(Object.keys(input.modules));
  const modules: ServerCode["modules"] = {};
  for (const [name, mod] of Object.entries(input.modules)) modules[name] = decodeModule(name, mod);
  return {
    entrypoint: input.entrypoint,
    modules,
    compatibilityDate: input.compatibilityDate ?? "2026-11-01",
    compatibilityFlags: input.compatibilityFlags ?? ["nodejs_compat"],
  };
}

function decodeModule(name: string, mod: ModuleInput): ServerCode["modules"][string] {
  const b64 = typeof mod === "string" ? mod : mod.content;
  const declared = typeof mod === "string" ? undefined : mod.type;
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const type = (declared ?? EXTENSION_TYPES[ext] ?? ext) as string;
  if (type === "py") throw new ApiError(400, "unsupported_module_type", `Module "${name}" is Python; this runtime runs JavaScript modules only (types js, cjs, text, data, json).`);
  if (!["js", "cjs", "text", "data", "json"].includes(type)) {
    throw new ApiError(400, "unsupported_module_type", `Module "${name}" has type "${type}"; supported types are js, cjs, text, data and json (give {content, type} to set it).`);
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
    throw new ApiError(400, "invalid_module", `Module "${name}" is not UTF-8 text; send binary content as type "data".`);
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
