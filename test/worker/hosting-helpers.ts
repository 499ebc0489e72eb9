import { exports } from "cloudflare:workers";
// @ts-expect-error -- plain JavaScript shared with the Node CLI
import { deployApp } from "../../cli/deploy-client.mjs";
import { call, signUp } from "./helpers";

export const enc = (text: string) => new TextEncoder().encode(text);

/** A fresh user with an API token and a project to deploy to. */
export async function deployer(name = "Hosted app") {
  const session = await signUp();
  const token = (await call("POST", "/api/tokens", { token: session.token, body: { name: "test" } })).json
    .token as string;
  const project = (await call("POST", "/__api/projects", { headers: { authorization: token }, body: { name } })).json
    .project;
  return { ...session, apiToken: token, project };
}

export interface AppFiles {
  assets: Record<string, string | Uint8Array>;
  worker?: Record<string, string>;
  entrypoint?: string;
  config?: object;
  run_worker_first?: boolean | string[];
  env?: Record<string, string>;
  migrations?: { name: string; sql: string }[];
}

/** Deploys through the real three-phase upload, exactly as `kiln deploy` does. */
export function deploy(apiToken: string, projectId: string, app: AppFiles): Promise<any> {
  return deployApp(
    {
      baseUrl: "http://localhost:8787",
      token: apiToken,
      fetch: (input: RequestInfo, init?: RequestInit) => exports.default.fetch(new Request(input, init)),
    },
    projectId,
    {
      assets: Object.fromEntries(Object.entries(app.assets).map(([p, v]) => [p, typeof v === "string" ? enc(v) : v])),
      serverCode: app.worker && {
        entrypoint: app.entrypoint ?? "index.js",
        modules: Object.fromEntries(Object.entries(app.worker).map(([n, src]) => [n, enc(src)])),
      },
      config: app.config,
      run_worker_first: app.run_worker_first,
      env: app.env,
      migrations: app.migrations,
    },
  );
}

/** A request to an app host or path, as a browser would send it. */
export async function visit(url: string, init: RequestInit = {}) {
  const res = await exports.default.fetch(new Request(url, { redirect: "manual", ...init }));
  return { status: res.status, headers: res.headers, text: await res.text() };
}
