/**
 * Crashes: the platform is killed (SIGKILL, no clean shutdown) in the middle of a build and of a
 * publish, then started again over the same data. Nothing may be left half-done.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getFromApp, startKiln, type RunningKiln } from "./kiln-server";

const stateDir = mkdtempSync(join(tmpdir(), "kiln-faults-"));
let kiln: RunningKiln;
let token = "";
afterAll(() => kiln?.stop());

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${kiln.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function consistent(project: { id: string; slug: string }) {
  const { versions } = (await api("GET", `/api/projects/${project.id}/versions?limit=100`)).json;
  expect(versions.filter((v: { status: string }) => v.status === "building")).toEqual([]);
  const { project: fresh } = (await api("GET", `/api/projects/${project.id}`)).json;
  const production = versions.find((v: { isProduction: boolean }) => v.isProduction);
  expect(production?.status).toBe("deployed");
  const live = await getFromApp(kiln.port, `${project.slug}.localhost:${kiln.port}`, "/");
  expect(live.status).toBe(200);
  expect(live.headers["x-kiln-version"]).toBe(production.versionId);
  const { preview } = (await api("GET", `/api/projects/${project.id}/preview`)).json;
  expect(
    versions.find((v: { versionId: string; status: string }) => v.versionId === preview.latestVersionId)?.status,
  ).toBe("deployed");
  return { versions, production, fresh };
}

describe("killing the platform", () => {
  it("mid-build: the published version keeps serving and the interrupted build ends as failed", async () => {
    kiln = await startKiln({}, { stateDir });
    token = (await api("POST", "/api/auth/register", { email: "crash@example.com", password: "crash password" })).json
      .token;
    const { project } = (await api("POST", "/api/projects", { name: "Crash test" })).json;
    const v1 = (await api("POST", `/api/projects/${project.id}/build`, {})).json;
    expect((await api("POST", `/api/projects/${project.id}/publish`, { versionId: v1.versionId })).status).toBe(200);

    void api("POST", `/api/projects/${project.id}/build`, {}).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    await kiln.crash();
    kiln = await startKiln({}, { stateDir });

    const { versions, production } = await consistent(project);
    expect(production.versionId).toBe(v1.versionId);
    const interrupted = versions.find((v: { versionId: string }) => v.versionId !== v1.versionId);
    if (interrupted) expect(["failed", "deployed"]).toContain(interrupted.status);
    if (interrupted?.status === "failed") expect(interrupted.error).toMatch(/Interrupted/);

    // Mid-publish: whichever side of the pointer flip the crash lands on, the state is whole.
    const v2 = (await api("POST", `/api/projects/${project.id}/build`, {})).json;
    void api("POST", `/api/projects/${project.id}/publish`, { versionId: v2.versionId }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 30));
    await kiln.crash();
    kiln = await startKiln({}, { stateDir });
    const after = await consistent(project);
    expect([v1.versionId, v2.versionId]).toContain(after.production.versionId);
  });
});
