// `kiln deploy <dir>`: deploys a folder to Kiln through the three-phase upload.
//   <dir>/public/**        static assets
//   <dir>/worker/**        optional server modules (entry: worker/index.js, or "main" in <dir>/kiln.json)
//   <dir>/migrations/*.sql optional migrations, applied in name order
// The project id is remembered in <dir>/.kiln-project so the next run deploys to the same app.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { deployApp } from "./deploy-client.mjs";

export async function deployCommand(args, { env = process.env, log = console.log } = {}) {
  const opts = parseArgs(args);
  if (!opts.dir) throw new Error("usage: kiln deploy <dir> [--project <id>] [--url <kiln url>] [--token <api token>]");
  const dir = resolve(opts.dir);
  const baseUrl = (opts.url ?? env.KILN_URL ?? "http://localhost:8787").replace(/\/$/, "");
  const token = opts.token ?? env.KILN_TOKEN;
  if (!token)
    throw new Error(
      "No API token: set KILN_TOKEN or pass --token. Create one in Kiln (Settings → API tokens) or with POST /api/tokens.",
    );
  if (!existsSync(join(dir, "public")) && !existsSync(join(dir, "worker")))
    throw new Error(`${dir} has neither a public/ nor a worker/ folder: nothing to deploy.`);

  const app = readApp(dir);
  const remembered = join(dir, ".kiln-project");
  let projectId = opts.project ?? (existsSync(remembered) ? readFileSync(remembered, "utf8").trim() : null);
  if (!projectId) {
    const res = await fetch(`${baseUrl}/__api/projects`, {
      method: "POST",
      headers: { authorization: token, "content-type": "application/json" },
      body: JSON.stringify({ name: basename(dir) }),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(json?.error?.message ?? `could not create a project (${res.status})`);
    projectId = json.project.id;
    log(`created project ${json.project.name} (${projectId})`);
  }
  writeFileSync(remembered, `${projectId}\n`);

  const started = Date.now();
  const result = await deployApp({ baseUrl, token, onProgress: (p) => log(progressLine(p)) }, projectId, app);
  log(
    `deployed ${result.deployedAssets} assets (${result.newAssets} uploaded, ${result.skippedAssets} unchanged)${app.serverCode ? ` and ${Object.keys(app.serverCode.modules).length} server module(s)` : ""} in ${Date.now() - started} ms`,
  );
  if (result.appliedMigrations?.length) log(`applied migrations: ${result.appliedMigrations.join(", ")}`);
  log(`version  ${result.versionId}`);
  log(`live     ${result.url}`);
  log(`preview  ${result.previewUrl}`);
  log(`path     ${result.project.pathUrl}`);
  return result;
}

function progressLine(p) {
  if (p.phase === "hashing") return `hashing ${p.total} file(s)…`;
  if (p.phase === "uploading")
    return p.total === 0 ? "nothing to upload: every file is already stored" : `uploading ${p.done}/${p.total}`;
  return "deploying…";
}

function readApp(dir) {
  const assets = {};
  for (const file of walk(join(dir, "public")))
    assets[`/${relative(join(dir, "public"), file).split(sep).join("/")}`] = new Uint8Array(readFileSync(file));
  let serverCode;
  if (existsSync(join(dir, "worker"))) {
    const config = existsSync(join(dir, "kiln.json")) ? JSON.parse(readFileSync(join(dir, "kiln.json"), "utf8")) : {};
    const modules = {};
    for (const file of walk(join(dir, "worker")))
      modules[relative(join(dir, "worker"), file).split(sep).join("/")] = new Uint8Array(readFileSync(file));
    serverCode = { entrypoint: config.main ?? "index.js", modules, compatibilityDate: config.compatibilityDate };
  }
  const migrationsDir = join(dir, "migrations");
  const migrations = existsSync(migrationsDir)
    ? readdirSync(migrationsDir)
        .filter((f) => f.endsWith(".sql"))
        .sort()
        .map((name) => ({ name, sql: readFileSync(join(migrationsDir, name), "utf8") }))
    : [];
  const config = existsSync(join(dir, "kiln.json")) ? JSON.parse(readFileSync(join(dir, "kiln.json"), "utf8")) : {};
  return {
    assets,
    serverCode,
    migrations,
    config: config.assets,
    run_worker_first: config.run_worker_first ?? (serverCode ? ["/api/*"] : false),
    env: config.vars,
  };
}

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

function parseArgs(args) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [k, v] = a.slice(2).split("=");
      out[k] = v ?? args[++i];
    } else out.dir ??= a;
  }
  return out;
}
