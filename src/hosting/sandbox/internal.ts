import type { Env } from "../../env";
import { appSecrets } from "../../store/app-secrets";
import { openingKeys } from "../../security/secret-box";
import { appCode } from "../loader/app-code";
import { parseVersionRef, versionSpec } from "../app-host";
import { readArtifact } from "../artifact";
import { serveVersionAsset } from "../serving/entrypoint";
import { stagedKey } from "./host";
import { sameSecret } from "../../security/same-secret";
import { SECRET_HEADER, fromWire, toWire } from "./wire";
import {
  storageAreaPrefix,
  storageDelete,
  storageGet,
  storageHead,
  storageList,
  storagePut,
  type StorageArea,
} from "../storage/operations";

/**
 * What sandbox processes ask of the platform (see host.ts): an isolate's code by
 * reference, and the app's storage and static files (R2 is the platform's). Only requests with the
 * sandbox secret are answered; apps never see it, and their network cannot reach loopback.
 */
export const SANDBOX_INTERNAL_PREFIX = "/__kiln/sandbox/";

export async function sandboxInternal(request: Request, env: Env): Promise<Response> {
  if (!env.KILN_SANDBOX_SECRET || !sameSecret(request.headers.get(SECRET_HEADER), env.KILN_SANDBOX_SECRET))
    return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const [kind, projectId, ...rest] = url.pathname.slice(SANDBOX_INTERNAL_PREFIX.length).split("/");
  try {
    if (kind === "worker") return await workerFor(env, url.searchParams.get("ref") ?? "");
    if (kind === "storage" && projectId)
      return await storage(env, projectId, rest[0] as StorageArea, rest[1] ?? "", request);
    if (kind === "assets" && projectId && rest[0]) {
      const path = `/${rest.slice(1).join("/")}`;
      return await serveVersionAsset(
        env,
        projectId,
        rest[0],
        new Request(new URL(path + url.search, "http://assets.invalid"), request),
      );
    }
  } catch (err) {
    return Response.json({ error: (err as Error).message }, { status: 500 });
  }
  return new Response("Not found", { status: 404 });
}

/** `{spec, code}` of a deployed version (`v:…`) or of a staged one-off isolate (`s:<project>:<id>`). */
async function workerFor(env: Env, ref: string): Promise<Response> {
  const version = parseVersionRef(ref);
  if (version) {
    const artifact = await readArtifact(env.CODE, version.projectId, version.versionId);
    if (!artifact?.server) return new Response(`No server code for ${ref}`, { status: 404 });
    const secrets = await appSecrets(env.DB, artifact.projectId, openingKeys(env));
    return json({
      spec: versionSpec(env, artifact, version.environment),
      code: appCode(artifact.server, { ...artifact.vars, ...secrets }),
    });
  }
  const staged = /^s:([^:]+):([0-9a-f-]{36})$/.exec(ref);
  if (staged) {
    const obj = await env.CODE.get(stagedKey(staged[1]!, staged[2]!));
    return obj
      ? new Response(obj.body, { headers: { "content-type": "application/json" } })
      : new Response(`No staged code for ${ref}`, { status: 404 });
  }
  return new Response(`Unknown worker reference ${ref}`, { status: 400 });
}

async function storage(
  env: Env,
  projectId: string,
  area: StorageArea,
  op: string,
  request: Request,
): Promise<Response> {
  if (area !== "app" && area !== "smoke") return new Response("Unknown storage area", { status: 400 });
  const prefix = storageAreaPrefix(projectId, area);
  if (op === "put") {
    const args = fromWire<{ key: string; options?: Parameters<typeof storagePut>[4] }>(
      decodeURIComponent(request.headers.get("x-kiln-args") ?? "{}"),
    );
    return json(await storagePut(env.CODE, prefix, args.key, await request.arrayBuffer(), args.options));
  }
  const args = fromWire<Record<string, any>>(await request.text());
  switch (op) {
    case "head":
      return json(await storageHead(env.CODE, prefix, args.key));
    case "get": {
      const got = await storageGet(env.CODE, prefix, args.key, args.range);
      return got
        ? new Response(got.bytes, { headers: { "x-kiln-meta": encodeURIComponent(toWire(got.meta)) } })
        : new Response(null, { status: 404 });
    }
    case "delete":
      await storageDelete(env.CODE, prefix, args.keys);
      return new Response(null, { status: 204 });
    case "list":
      return json(await storageList(env.CODE, prefix, args.options));
  }
  return new Response("Unknown storage operation", { status: 400 });
}

const json = (value: unknown) => new Response(toWire(value), { headers: { "content-type": "application/json" } });
