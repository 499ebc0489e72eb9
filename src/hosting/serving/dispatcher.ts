import type { Env } from "../../env";
import { deployedVersionsEndingWith, latestDeployedVersion } from "../../store/versions";
import { assetsFor, readArtifact, type VersionArtifact } from "../artifact";
import { readAssetBlob } from "./blobs";
import { applyMigrations } from "../publish";
import { confineResponse } from "./confine-headers";
import { errorPage } from "./error-page";
import type { AppEnvironment } from "../app-environment";
import { appHost } from "../current-host";
import { APP_ERROR_HEADER, STOPPED_HEADER, type StopReason } from "../sandbox/wire";
import { runsWorkerFirst } from "./patterns";
import { routeById, routeBySlug, type AppRoute } from "./routes";
import { isNavigation, serveAsset } from "./serve-assets";
import { sameSecret } from "../../security/same-secret";
import { platformOrDomain, unknownHostPage } from "../domains/host-route";
import { classifyHost, pathHostUrl, versionTag } from "./urls";
import { builderOrigins, previewScript, previewScriptTags } from "./preview/scripts";

interface Target {
  route: AppRoute;
  versionId: string;
  environment: AppEnvironment;
  /** The path as it arrived (escapes kept), with any /apps/<id> prefix removed: what the app's Worker sees. */
  rawPath: string;
  /** The same, decoded: what asset lookup and run_worker_first patterns match. */
  path: string;
  basePath: string;
}

/**
 * Answers requests meant for a hosted app, on the hosts named in urls.ts: `<slug>.<apps-domain>`
 * (production), `<slug>--p<key>` (the live preview), `<slug>--v<tail><tag>` (a version's preview),
 * and `apps.<apps-domain>/apps/<id>/…` or `/__project/<id>/…` (production, prefix stripped), and
 * a project's active custom domains (production; see domains/host-route.ts for other hosts).
 * On the builder's own host it serves no app at all: a path route there is sent to the apps host.
 * Returns null for the platform's own requests.
 */
export async function dispatchApp(request: Request, env: Env, exports: Cloudflare.Exports): Promise<Response | null> {
  const url = new URL(request.url);
  const located = await locate(request, url, env);
  if (located === null) return null;
  if (located instanceof Response) return located;
  const target = located;
  if (target.environment === "preview") {
    const script = previewScript(target.path);
    if (script) return finish(script, target, env, url);
  }

  const artifact = await readArtifact(env.CODE, target.route.projectId, target.versionId);
  if (!artifact)
    return errorPage(500, "This version is missing", "Its files are no longer in storage. Publish another version.");

  const response = await serve(request, url, env, exports, target, artifact);
  return finish(response, target, env, url);
}

const PATH_ROUTE = /^\/(apps|__project)\/([^/]+)(\/.*)?$/;

async function locate(request: Request, url: URL, env: Env): Promise<Target | Response | null> {
  const host = classifyHost(env, request.headers.get("host") ?? url.host);
  const path = url.pathname.match(PATH_ROUTE);
  switch (host.kind) {
    case "platform": {
      const other = await platformOrDomain(env, request.headers.get("host") ?? url.host);
      if (other.kind === "domain") return production(other.route, url.pathname, "");
      if (other.kind === "unknown") return unknownHostPage();
      return path ? pathRouteOnPlatform(env, url) : null;
    }
    case "paths": {
      if (!path)
        return errorPage(
          404,
          "No app here",
          "This host serves Kiln apps by path, at /apps/<project id>/. Check the link.",
        );
      const [, kind, projectId, rest] = path as unknown as [string, string, string, string | undefined];
      // Relative URLs inside the app only resolve under a trailing slash.
      if (rest === undefined) return Response.redirect(`${url.origin}/${kind}/${projectId}/${url.search}`, 308);
      return production(await routeById(env, projectId), rest, `/${kind}/${projectId}`);
    }
    case "production":
      return production(await routeBySlug(env, host.slug), url.pathname, "");
    case "live-preview": {
      const route = await routeBySlug(env, host.slug);
      if (!route?.previewKey || !sameSecret(route.previewKey, host.key)) return noSuchPreview();
      // Read afresh on every request (no cache): the workspace reloads it right after a new version.
      const version = await latestDeployedVersion(env.DB, route.projectId);
      if (!version)
        return errorPage(
          404,
          "Nothing to preview yet",
          "This app has no version yet. Describe it in Kiln's chat and it appears here.",
        );
      return preview(route, version.version_id, url);
    }
    case "version-preview": {
      const route = await routeBySlug(env, host.slug);
      if (!route?.previewKey) return noSuchPreview();
      for (const version of await deployedVersionsEndingWith(env.DB, route.projectId, host.tail)) {
        if (sameSecret(await versionTag(route.previewKey, version.version_id), host.tag))
          return preview(route, version.version_id, url);
      }
      return noSuchPreview();
    }
    case "unknown-preview":
      return noSuchPreview();
    case "none":
      return unknownApp();
  }
}

/**
 * A path route asked of the builder's own host. Served there, the app would run on the builder's
 * origin (reading its storage, calling its API as the signed-in user), so it is sent to the apps
 * host instead, whatever the method; where there is none, a page says how to reach the app.
 */
function pathRouteOnPlatform(env: Env, url: URL): Response {
  const there = pathHostUrl(env, url);
  if (there) return new Response(null, { status: 308, headers: { location: there, "cache-control": "no-store" } });
  return errorPage(
    404,
    "Apps are not served on Kiln's own address",
    "Kiln serves apps only on hosts of their own, so that no app runs on the builder's origin. This Kiln has no apps domain: set APPS_DOMAIN (e.g. apps.example.com, with its wildcard DNS pointing at Kiln), and this app is then at https://apps.<APPS_DOMAIN>/apps/<project id>/ and https://<slug>.<APPS_DOMAIN>/.",
  );
}

function production(route: AppRoute | null, rawPath: string, basePath: string): Target | Response {
  if (!route) return unknownApp();
  if (!route.productionVersionId)
    return errorPage(404, "Not published yet", "This app exists but no version of it has been published.");
  return {
    route,
    versionId: route.productionVersionId,
    environment: "production",
    rawPath,
    path: decodePath(rawPath),
    basePath,
  };
}

function preview(route: AppRoute, versionId: string, url: URL): Target {
  return {
    route,
    versionId,
    environment: "preview",
    rawPath: url.pathname,
    path: decodePath(url.pathname),
    basePath: "",
  };
}

async function serve(
  request: Request,
  url: URL,
  env: Env,
  exports: Cloudflare.Exports,
  target: Target,
  artifact: VersionArtifact,
): Promise<Response> {
  const readBlob = (hash: string) => readAssetBlob(env.CODE, target.route.projectId, hash);
  const hasWorker = artifact.server !== null;
  const workerFirst = hasWorker && runsWorkerFirst(artifact.runWorkerFirst, target.path);
  if (!workerFirst) {
    const asset = await serveAsset(request, target.path, assetsFor(artifact, target.environment), readBlob, {
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
  const forwarded = new Request(new URL(target.rawPath + url.search, url.origin), request);
  let response: Response;
  try {
    response = await appHost(env, exports)
      .versionWorker(artifact, target.environment, target.route.envRevision)
      .fetch(forwarded);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    // On Cloudflare the Worker Loader ends an isolate that overruns its limits with an exception.
    if (/cpu|exceeded/i.test(message)) return stoppedPage("cpu");
    return appFailedPage(message);
  }
  const stopped = response.headers.get(STOPPED_HEADER) as StopReason | null;
  if (stopped) return stoppedPage(stopped);
  const failure = response.headers.get(APP_ERROR_HEADER);
  if (failure !== null) return appFailedPage(decodeURIComponent(failure));
  return response;
}

/** The page for a request the host stopped (see hosting/sandbox/host.ts). */
function stoppedPage(reason: StopReason): Response {
  switch (reason) {
    case "cpu":
      return errorPage(
        503,
        "The app took too long",
        "This request used more CPU time than an app may use per request, so Kiln stopped it. Other requests and other apps are unaffected.",
      );
    case "memory":
      return errorPage(
        503,
        "The app ran out of memory",
        "This request made the app use more memory than an app may use, so Kiln stopped it. Other apps are unaffected.",
      );
    case "unavailable":
      return errorPage(
        503,
        "The app is not running",
        "Kiln could not start this app's Worker just now. Try again in a moment.",
      );
    default:
      return errorPage(
        503,
        "The app crashed",
        "The app's Worker stopped unexpectedly while handling this request. Try again.",
      );
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

function finish(response: Response, target: Target, env: Env, url: URL): Response {
  const res = new Response(response.body, response);
  // Whatever the app's assets or Worker said, nothing in the answer may reach beyond its origin.
  confineResponse(res.headers, target.basePath);
  res.headers.set("x-kiln-version", target.versionId);
  if (target.environment === "preview") {
    // A preview's host is its secret: no Referer carries it to other sites, and no search engine keeps it.
    res.headers.set("referrer-policy", "same-origin");
    res.headers.set("x-robots-tag", "noindex, nofollow");
  }
  if (!(res.headers.get("content-type") ?? "").includes("text/html")) return res;
  // Under a path prefix, a <base> lets the app's relative URLs resolve against the prefix; a
  // preview page gets the scripts through which the workspace talks to it (preview/scripts.ts).
  const head = [
    target.basePath ? `<base href="${target.basePath}/">` : "",
    target.environment === "preview" ? previewScriptTags(builderOrigins(env, url), target.versionId) : "",
  ].join("");
  if (!head) return res;
  return new HTMLRewriter()
    .on("head", {
      element(element) {
        element.prepend(head, { html: true });
      },
    })
    .transform(res);
}

function unknownApp(): Response {
  return errorPage(
    404,
    "No app here",
    "There is no Kiln app at this address. Check the link, or the app may have been deleted.",
  );
}

function noSuchPreview(): Response {
  return errorPage(
    404,
    "No such preview",
    "This preview link is not valid: it may be mistyped, or its owner made a new preview link, which retires the old ones. Ask them for the current link.",
  );
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
