import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_LABEL_LENGTH } from "../../src/hosting/serving/urls";
import { call, signUp } from "./helpers";
import { deploy, visit } from "./hosting-helpers";

/** Drafts are reachable only through links the owner hands out, and a new key retires every old one. */

async function owner(name = "Secret draft") {
  const user = await signUp();
  const project = (await call("POST", "/api/projects", { token: user.token, body: { name } })).json.project;
  const apiToken = (await call("POST", "/api/tokens", { token: user.token, body: { name: "t" } })).json.token as string;
  return { ...user, apiToken, project };
}

const page = (text: string) => ({ "/index.html": `<html><head></head><body>${text}</body></html>` });
const previewInfo = async (p: { token: string; project: { id: string } }) =>
  (await call("GET", `/api/projects/${p.project.id}/preview`, { token: p.token })).json;
const versionsOf = async (p: { token: string; project: { id: string } }) =>
  (await call("GET", `/api/projects/${p.project.id}/versions`, { token: p.token })).json.versions as any[];
const hostLabel = (url: string) => new URL(url).hostname.split(".")[0]!;

describe("private previews", () => {
  it("serves drafts only on unguessable hosts: the old guessable ones, wrong keys and wrong tags are 404", async () => {
    const p = await owner();
    const v1 = await deploy(p.apiToken, p.project.id, { assets: page("draft one") });
    const v2 = await deploy(p.apiToken, p.project.id, { assets: page("draft two") });
    const { livePreviewUrl } = await previewInfo(p);
    const key = hostLabel(livePreviewUrl).split("--p")[1]!;
    expect(key).toMatch(/^[0-9a-f]{20}$/);
    expect(v1.previewUrl).not.toContain(key);

    expect((await visit(livePreviewUrl)).text).toContain("draft two");
    expect((await visit(v1.previewUrl)).text).toContain("draft one");

    const slug = p.project.slug;
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === "a" ? "b" : "a") + s.slice(at + 1);
    const v1Label = hostLabel(v1.previewUrl);
    const guesses = [
      `${slug}--preview`,
      `${slug}--${v1.versionId.slice(-10).toLowerCase()}`,
      `${slug}--${v2.versionId.slice(-10).toLowerCase()}`,
      `${slug}--p${"0".repeat(20)}`,
      `${slug}--p${flip(key, 19)}`,
      `${slug}--p${key.slice(0, 19)}`,
      `${slug}--p${key}0`,
      flip(v1Label, v1Label.length - 1),
      `${slug}--v${v1.versionId.slice(-4).toLowerCase()}${"a".repeat(16)}`,
      // v1's tag on v2's tail: the tag proves one version only.
      `${slug}--v${v2.versionId.slice(-4).toLowerCase()}${v1Label.slice(-16)}`,
    ];
    for (const label of guesses) {
      const res = await visit(`http://${label}.localhost:8787/`);
      expect(res.status, label).toBe(404);
      expect(res.text, label).not.toContain("draft");
      expect(res.headers.get("x-kiln-version"), label).toBeNull();
    }
    // Another project's key does not open this one.
    const other = await owner();
    const otherKey = hostLabel((await previewInfo(other)).livePreviewUrl).split("--p")[1]!;
    expect((await visit(`http://${slug}--p${otherKey}.localhost:8787/`)).status).toBe(404);
    // Nor can another user ask for the key, or rotate it.
    expect((await call("GET", `/api/projects/${p.project.id}/preview`, { token: other.token })).status).toBe(404);
    expect((await call("POST", `/api/projects/${p.project.id}/preview/rotate`, { token: other.token })).status).toBe(
      404,
    );
    expect((await call("POST", `/api/projects/${p.project.id}/preview/rotate`)).status).toBe(401);
  });

  it("keeps one live preview origin across versions, and keeps the host out of Referer and search engines", async () => {
    const p = await owner("Stable origin");
    await deploy(p.apiToken, p.project.id, { assets: page("one") });
    const first = (await previewInfo(p)).livePreviewUrl;
    await deploy(p.apiToken, p.project.id, { assets: page("two") });
    expect((await previewInfo(p)).livePreviewUrl).toBe(first);
    const res = await visit(first);
    expect([res.text.includes("two"), res.headers.get("referrer-policy"), res.headers.get("x-robots-tag")]).toEqual([
      true,
      "same-origin",
      "noindex, nofollow",
    ]);
    // Production is public: it keeps the app's own policies.
    expect((await visit(`http://${p.project.slug}.localhost:8787/`)).headers.get("x-robots-tag")).toBeNull();
  });

  it("rotating the key moves every preview to a new host and retires the old links everywhere Kiln shows them", async () => {
    const p = await owner("Rotated");
    const v1 = await deploy(p.apiToken, p.project.id, { assets: page("first") });
    const v2 = await deploy(p.apiToken, p.project.id, { assets: page("second") });
    const before = await previewInfo(p);
    expect(before.preview.previewUrl).toBe(v2.previewUrl);
    expect((await versionsOf(p)).map((v) => v.previewUrl)).toEqual([v2.previewUrl, v1.previewUrl]);

    const rotated = await call("POST", `/api/projects/${p.project.id}/preview/rotate`, { token: p.token });
    expect(rotated.status).toBe(200);
    const after = rotated.json;
    expect(after.livePreviewUrl).not.toBe(before.livePreviewUrl);
    expect(after.livePreviewUrl).toMatch(new RegExp(`^http://${p.project.slug}--p[0-9a-f]{20}\\.localhost:8787/$`));
    expect(after.preview.latestVersionId).toBe(v2.versionId);
    expect(after.preview.previewUrl).not.toBe(v2.previewUrl);

    for (const old of [before.livePreviewUrl, v1.previewUrl, v2.previewUrl]) {
      const res = await visit(old);
      expect([res.status, res.text.includes("first") || res.text.includes("second")], old).toEqual([404, false]);
    }
    expect((await visit(after.livePreviewUrl)).text).toContain("second");
    expect((await visit(after.preview.previewUrl)).text).toContain("second");

    // Every answer hands out the new links: the preview answer (KV pointer, then D1), the version list, one version.
    expect(await previewInfo(p)).toMatchObject({
      livePreviewUrl: after.livePreviewUrl,
      preview: { previewUrl: after.preview.previewUrl },
    });
    await env.KV.delete(`latest:${p.user.id}:${p.project.id}`);
    expect((await previewInfo(p)).preview).toMatchObject({ previewUrl: after.preview.previewUrl, from: "d1" });
    const listed = await versionsOf(p);
    expect(listed[0].previewUrl).toBe(after.preview.previewUrl);
    expect((await visit(listed[1].previewUrl)).text).toContain("first");
    const one = (await call("GET", `/api/projects/${p.project.id}/versions/${v1.versionId}`, { token: p.token })).json
      .version;
    expect(one.previewUrl).toBe(listed[1].previewUrl);
    // A version deployed after the rotation gets a link under the new key.
    const v3 = await deploy(p.apiToken, p.project.id, { assets: page("third") });
    expect((await visit(v3.previewUrl)).text).toContain("third");
    expect((await visit(after.livePreviewUrl)).text).toContain("third");
  });

  it("fits every preview host of the longest slugs into one DNS label", async () => {
    const name = "An extraordinarily long project name that keeps going on and on";
    for (let i = 0; i < 7; i++) {
      const p = await owner(name);
      expect(p.project.slug.length).toBeLessThanOrEqual(40);
      const v = await deploy(p.apiToken, p.project.id, { assets: page(`long ${i}`) });
      const { livePreviewUrl } = await previewInfo(p);
      for (const url of [livePreviewUrl, v.previewUrl, `http://${p.project.slug}.localhost:8787/`]) {
        expect(hostLabel(url).length, url).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
        expect((await visit(url)).text, url).toContain(`long ${i}`);
      }
    }
  });

  it("gives existing projects a key through the migration, and a project without one has no preview at all", async () => {
    const p = await owner("No key");
    await deploy(p.apiToken, p.project.id, { assets: page("keyless") });
    const label = hostLabel((await previewInfo(p)).livePreviewUrl);
    await env.DB.prepare("UPDATE projects SET preview_key = NULL WHERE id = ?").bind(p.project.id).run();
    await new Promise((r) => setTimeout(r, 2100)); // the route cache holds a project for 2 s
    expect((await visit(`http://${label}.localhost:8787/`)).status).toBe(404);
    expect(await previewInfo(p)).toMatchObject({ livePreviewUrl: null, preview: { previewUrl: null } });
    // The migration's own back-fill statement gives it a key of the same form.
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.endsWith("_preview_keys.sql"))!;
    const backfill = migration.queries.find((q) => q.startsWith("UPDATE projects"))!;
    await env.DB.prepare(backfill).run();
    const fresh = (await previewInfo(p)).livePreviewUrl;
    expect(fresh).toMatch(/--p[0-9a-f]{20}\./);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await visit(fresh)).text).toContain("keyless");
  });

  it("gives preview pages, and only them, the workspace's bridge script, which the app cannot replace", async () => {
    const p = await owner("Bridged");
    const v = await deploy(p.apiToken, p.project.id, {
      assets: { ...page("bridged"), "/__kiln/preview/bridge.js": "alert('the app')" },
    });
    const { livePreviewUrl } = await previewInfo(p);
    for (const url of [livePreviewUrl, v.previewUrl]) {
      const html = (await visit(url)).text;
      const tag = html.match(
        /<head><script src="\/__kiln\/preview\/bridge\.js" data-builder-origins="([^"]*)"[^>]*><\/script>/,
      );
      expect(tag, html).not.toBeNull();
      expect(JSON.parse(tag![1]!.replace(/&quot;/g, '"'))).toContain("http://localhost:8787");
      const script = await visit(new URL("/__kiln/preview/bridge.js", url).href);
      expect([script.status, script.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
      expect(script.text).toContain("window.__kiln");
      expect((await visit(new URL("/__kiln/preview/nope.js", url).href)).status).toBe(404);
    }
    await call("POST", `/api/projects/${p.project.id}/publish`, { token: p.token, body: { versionId: v.versionId } });
    const production = `http://${p.project.slug}.localhost:8787/`;
    const html = (await visit(production)).text;
    expect(html).toContain("bridged");
    expect(html).not.toContain("__kiln");
    expect((await visit(`${production}__kiln/preview/bridge.js`)).text).toBe("alert('the app')");
  });
});
