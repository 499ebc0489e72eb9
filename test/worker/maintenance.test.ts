import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runMaintenance } from "../../src/hosting/maintenance";
import { call, signUp } from "./helpers";
import { deploy, visit } from "./hosting-helpers";

describe("nightly maintenance", () => {
  it("keeps the latest versions plus pinned and published ones, and deletes blobs nothing references", async () => {
    const user = await signUp();
    const apiToken = (await call("POST", "/api/tokens", { token: user.token, body: { name: "t" } })).json.token;
    const project = (
      await call("POST", "/__api/projects", { headers: { authorization: apiToken }, body: { name: "Retained" } })
    ).json.project;
    const v: string[] = [];
    for (let i = 1; i <= 5; i++)
      v.push((await deploy(apiToken, project.id, { assets: { "/index.html": `version ${i}` } })).versionId);
    await call("POST", `/api/projects/${project.id}/versions/${v[0]}/pin`, {
      token: user.token,
      body: { pinned: true },
    });
    // Production goes back to v2 (published, so kept) through a rollback (its own version).
    const rb = await call("POST", `/api/projects/${project.id}/rollback/${v[1]}`, { token: user.token, body: {} });

    const report = await runMaintenance({ ...env, RETAIN_VERSIONS: "2" }, Date.now() + 2 * 60 * 60 * 1000);
    expect(report.problems).toEqual([]);
    const left = (
      await env.DB.prepare("SELECT version_id FROM project_versions WHERE project_id = ? ORDER BY version_id")
        .bind(project.id)
        .all<{ version_id: string }>()
    ).results.map((r) => r.version_id);
    // Latest two (the rollback and v5), the pinned v1, and v2 (the rollback's parent, now production's code).
    expect(left).toEqual([v[0], v[1], v[4], rb.json.versionId]);
    const assets = await env.CODE.list({ prefix: `apps/${project.id}/assets/` });
    expect(assets.objects).toHaveLength(3); // the bytes of versions 1, 2 and 5
    expect((await env.CODE.list({ prefix: `apps/${project.id}/versions/` })).objects).toHaveLength(4);
    expect((await visit(`http://${project.slug}.localhost:8787/index.html`, { redirect: "follow" })).text).toBe(
      "version 2",
    );
  });

  it("ends interrupted builds as failed and repairs pointers that name missing versions", async () => {
    const user = await signUp();
    const apiToken = (await call("POST", "/api/tokens", { token: user.token, body: { name: "t" } })).json.token;
    const project = (
      await call("POST", "/__api/projects", { headers: { authorization: apiToken }, body: { name: "Repaired" } })
    ).json.project;
    const good = await deploy(apiToken, project.id, { assets: { "/index.html": "ok" } });
    await env.DB.prepare(
      "INSERT INTO project_versions (version_id, user_id, project_id, status, created_at) VALUES ('01STUCK0000000000000000000', ?, ?, 'building', '2026-01-01T00:00:00Z')",
    )
      .bind(user.user.id, project.id)
      .run();
    await env.KV.put(
      `latest:${user.user.id}:${project.id}`,
      JSON.stringify({ latestVersionId: "01GONE00000000000000000000", previewUrl: "x", timestamp: 1 }),
    );
    await env.KV.delete(`host:${project.slug}`);

    const report = await runMaintenance(env);
    expect(report.repaired).toEqual(
      expect.arrayContaining([
        expect.stringContaining("stuck building"),
        expect.stringContaining("01GONE"),
        expect.stringContaining("host route"),
      ]),
    );
    expect(
      await env.DB.prepare("SELECT status FROM project_versions WHERE version_id = '01STUCK0000000000000000000'").first(
        "status",
      ),
    ).toBe("failed");
    expect(await env.KV.get(`latest:${user.user.id}:${project.id}`, "json")).toMatchObject({
      latestVersionId: good.versionId,
    });
    expect(await env.KV.get(`host:${project.slug}`)).toBe(project.id);
  });

  it("reports a deployed version whose files are gone, and marks it failed", async () => {
    const user = await signUp();
    const apiToken = (await call("POST", "/api/tokens", { token: user.token, body: { name: "t" } })).json.token;
    const project = (
      await call("POST", "/__api/projects", { headers: { authorization: apiToken }, body: { name: "Broken" } })
    ).json.project;
    const a = await deploy(apiToken, project.id, { assets: { "/index.html": "a" } });
    await deploy(apiToken, project.id, { assets: { "/index.html": "b" } });
    await env.CODE.delete(`apps/${project.id}/versions/${a.versionId}.json`);
    const report = await runMaintenance(env);
    expect(report.problems).toContainEqual(
      expect.stringContaining(`version ${a.versionId} was deployed but its artifact is missing`),
    );
    expect(
      await env.DB.prepare("SELECT status FROM project_versions WHERE version_id = ?")
        .bind(a.versionId)
        .first("status"),
    ).toBe("failed");
  });
});
