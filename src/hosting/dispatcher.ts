import type { Env } from "../env";
import { findVersionBySuffix, latestDeployedVersion } from "../store/versions";
import { readArtifact, type VersionArtifact } from "./artifact";
import { readAssetBlob } from "./blobs";
import { applyMigrations } from "./publish";
import { errorPage } from "./error-page";
import type { AppEnvironment } from "./app-environment";
import { appHost } from "./current-host";
import { STOPPED_HEADER, type StopReason } from "./sandbox/wire";
import { runsWorkerFirst } from "./patterns";
import { routeById, routeBySlug, type AppRoute } from "./routes";
import { isNavigation, serveAsset } from "./serve-assets";
import { LIVE_PREVIEW_SUFFIX, appLabel } from "./urls";

interface Target {
  route: AppRoute;
  versionId: string;
  environment: AppEnvironment;
  /** The path the app sees, with any /apps/<id> prefix removed. */
  path: string;
  basePath: string;
}

/**
 * Answers requests meant for a hosted app: `<slug>.<apps-domain>` (production),
 * `<slug>--<version>.<apps-domain>` (a version's preview), `/apps/<id>/…` and `/__project/<id>/…`
 * (production, prefix stripped). Returns null for the platform's own requests.
 */
export async function dispatchApp(request: Request, env: Env, exports: Cloudflare.Exports): Promise<Response | null> {
  const url = new URL(request.url);
  const located = await locate(request, url, env);
  if (located === null) return null;
  if (located instanceof Response) return located;
  const target = located;

  const artifact = await readArtifact(env.CODE, target.route.projectId, target.versionId);
  if (!artifact) return errorPage(500, "This version is missing", "Its files are no longer in storage. Publish another version.");

  const response = await serve(request, url, env, exports, target, artifact);
  return finish(response, target);
}

async function locate(request: Request, url: URL, env: Env): Promise<Target | Response | null> {
  const path = url.pathname.match(/^\/(apps|__project)\/([^/]+)(\/.*)?$/);
  if (path) {
    const [, kind, projectId, rest] = path as unknown as [string, string, string, string | undefined];
    // Relative URLs inside the app only resolve under a trailing slash.
    if (rest === undefined) return Response.redirect(`${url.origin}/${kind}/${projectId}/${url.search}`, 308);
    const route = await routeById(env, projectId);
    return production(route, decodePath(rest), `/${kind}/${projectId}`);
  }

  const label = appLabel(env, request.headers.get("host") ?? url.host);
  if (!label) return null;
  const [slug, suffix] = label.split("--");
  const route = await routeBySlug(env, slug!);
  if (!suffix) return production(route, decodePath(url.pathname), "");
  if (!route) return unknownApp();
  // Read afresh on every request (no cache): the workspace reloads it right after a new version.
  const version = suffix === LIVE_PREVIEW_SUFFIX ? await latestDeployedVersion(env.DB, route.projectId) : await findVersionBySuffix(env.DB, route.projectId, suffix);
  if (!version && suffix === LIVE_PREVIEW_SUFFIX) return errorPage(404, "Nothing to preview yet", "This app has no version yet. Describe it in Kiln's chat and it appears here.");
  if (!version) return errorPage(404, "No such preview", "This preview link does not match any deployed version of the app.");
  return { route, versionId: version.version_id, environment: "preview", path: decodePath(url.pathname), basePath: "" };
}

function production(route: AppRoute | null, path: string, basePath: string): Target | Response {
  if (!route) return unknownApp();
  if (!route.productionVersionId) return errorPage(404, "Not published yet", "This app exists but no version of it has been published.");
  return { route, versionId: route.productionVersionId, environment: "production", path, basePath };
}

async function serve(request: Request, url: URL, env: Env, exports: Cloudflare.Exports, target: Target, artifact: VersionArtifact): Promise<Response> {
  const readBlob = (hash: string) => readAssetBlob(env.CODE, target.route.projectId, hash);
  const hasWorker = artifact.server !== null;
  const workerFirst = hasWorker && runsWorkerFirst(artifact.runWorkerFirst, target.path);
  if (!workerFirst) {
    const asset = await serveAsset(request, target.path, artifact, readBlob, {
      basePath: target.basePath,
      // With a Worker, only page loads fall back to index.html/404.html; API calls reach the Worker.
      fallback: !hasWorker || isNavigation(request),
    });
    if (asset) return asset;
  }
  if (!hasWorker) return errorPage(404, "Not found", `This app has no page at ${target.path}.`);

  if (target.environment === "preview" && artifact.migrations.length > 0) {
    const ready = await migratePreview(env, artifact);
    if (ready) return ready;
  }
  const forwarded = new Request(new URL(target.path + url.search, url.origin), request);
  let response: Response;
  try {
    response = await appHost(env, exports).versionWorker(artifact, target.environment, target.route.envRevision).fetch(forwarded);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    // On Cloudflare the Worker Loader ends an isolate that overruns its limits with an exception.
    if (/cpu|exceeded/i.test(message)) return stoppedPage("cpu");
    return appFailedPage(message);
  }
  const stopped = response.headers.get(STOPPED_HEADER) as StopReason | null;
  if (stopped) return stoppedPage(stopped);
  const failure = response.headers.get("x-kiln-app-error");
  if (failure !== null) return appFailedPage(decodeURIComponent(failure));
  return response;
}

/** The page for a request the host stopped (see hosting/sandbox-host.ts). */
function stoppedPage(reason: StopReason): Response {
  switch (reason) {
    case "cpu":
      return errorPage(503, "The app took too long", "This request used more CPU time than an app may use per request, so Kiln stopped it. Other requests and other apps are unaffected.");
    case "memory":
      return errorPage(503, "The app ran out of memory", "This request made the app use more memory than an app may use, so Kiln stopped it. Other apps are unaffected.");
    case "unavailable":
      return errorPage(503, "The app is not running", "Kiln could not start this app's Worker just now. Try again in a moment.");
    default:
      return errorPage(503, "The app crashed", "The app's Worker stopped unexpectedly while handling this request. Try again.");
  }
}

function appFailedPage(message: string): Response {
  return errorPage(500, "The app failed", `The app's Worker threw an error while handling this request: ${message}`);
}

const migratedPreviews = new Set<string>();

/** A preview runs against the preview database, migrated to the version's schema on first use. */
async function migratePreview(env: Env, artifact: VersionArtifact): Promise<Response | null> {
  const key = `${artifact.projectId}:${artifact.versionId}`;
  if (migratedPreviews.has(key)) return null;
  try {
    await applyMigrations(env, artifact.projectId, "preview", artifact.migrations);
    migratedPreviews.add(key);
    return null;
  } catch (err) {
    return errorPage(500, "This preview's database could not be prepared", (err as Error).message);
  }
}

function finish(response: Response, target: Target): Response {
  const res = new Response(response.body, response);
  res.headers.set("x-kiln-version", target.versionId);
  // Under a path prefix, a <base> lets the app's relative URLs resolve against the prefix.
  if (target.basePath && (res.headers.get("content-type") ?? "").includes("text/html")) {
    return new HTMLRewriter()
      .on("head", {
        element(head) {
          head.prepend(`<base href="${target.basePath}/">`, { html: true });
        },
      })
      .transform(res);
  }
  return res;
}

function unknownApp(): Response {
  return errorPage(404, "No app here", "There is no Kiln app at this address. Check the link, or the app may have been deleted.");
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
