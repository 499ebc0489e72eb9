// A walk through a running Kiln's API, as a new user: sign up, choose the offline generator, create
// a project, generate an app through the chat, publish it, fetch it on its own host, delete the
// project. `npm run smoke:cloudflare` walks a freshly deployed Kiln this way; the tests walk a local one.

/** The description generated: small, and one the offline planner reads into a data app. */
export const WALK_PROMPT = "A todo list with due dates";

/**
 * @param {{
 *   baseUrl: string,
 *   fetch?: typeof fetch,
 *   step?: <T>(name: string, run: () => Promise<T>) => Promise<T>,
 *   keepProject?: boolean,
 * }} options
 *   step: runs and reports one named step (the smoke run times each); keepProject: leave the
 *   project in place (by default it is deleted, which also empties its code from R2)
 * @returns {Promise<{ email: string, projectId: string, versionId: string, productionUrl: string, appStatus: number, appBytes: number }>}
 */
export async function walkKiln({
  baseUrl,
  fetch = globalThis.fetch,
  step = (_name, run) => run(),
  keepProject = false,
}) {
  const base = baseUrl.replace(/\/+$/, "");
  let token = "";
  const api = async (method, path, body, expected) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected)
      throw new Error(`${method} ${path} answered ${res.status} (expected ${expected}): ${text.slice(0, 500)}`);
    return res.headers.get("content-type")?.includes("application/json") ? JSON.parse(text) : text;
  };

  const email = `smoke-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await step("sign up", async () => {
    ({ token } = await api("POST", "/api/auth/register", { email, password: `smoke ${crypto.randomUUID()}` }, 201));
  });
  // Offline, whatever model the platform offers: the walk must not depend on a model's answer.
  await step("choose the offline generator", () => api("PUT", "/api/settings/ai", { provider: "offline" }, 200));
  const { project } = await step("create a project", () => api("POST", "/api/projects", { name: "Smoke test" }, 201));
  try {
    const versionId = await step("generate an app through the chat", async () => {
      const stream = await api("POST", "/api/chat", { projectId: project.id, message: WALK_PROMPT }, 200);
      const events = String(stream)
        .split("\n\n")
        .flatMap((block) => block.split("\n").filter((l) => l.startsWith("data: ")))
        .map((l) => JSON.parse(l.slice(6)));
      const done = events.find((e) => e.type === "done");
      const failed = events.find((e) => e.type === "error");
      if (!done?.versionId)
        throw new Error(
          `the generation did not finish: ${failed ? JSON.stringify(failed) : String(stream).slice(-500)}`,
        );
      return done.versionId;
    });
    await step("publish it", () => api("POST", `/api/projects/${project.id}/publish`, { versionId }, 200));
    const { project: published } = await api("GET", `/api/projects/${project.id}`, undefined, 200);
    const productionUrl = published.productionUrl;
    if (!productionUrl) throw new Error("the published project has no productionUrl: is APPS_DOMAIN set?");
    const app = await step(`fetch it at ${productionUrl}`, async () => {
      const res = await fetch(productionUrl);
      const html = await res.text();
      if (res.status !== 200 || !/<div id="root">|<script/i.test(html))
        throw new Error(`${productionUrl} answered ${res.status}: ${html.slice(0, 300)}`);
      return { status: res.status, bytes: html.length };
    });
    return { email, projectId: project.id, versionId, productionUrl, appStatus: app.status, appBytes: app.bytes };
  } finally {
    if (!keepProject)
      await step("delete the project", () => api("DELETE", `/api/projects/${project.id}`, undefined, 204));
  }
}
