import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/builder/index";
import { assetKey, readArtifact } from "../../src/hosting/artifact";
import { runMaintenance } from "../../src/hosting/maintenance";
import { decodeVlq, originalPosition, parseSourceMap } from "../../src/hosting/source-map";
import { APP_DESCRIPTIONS, transcript } from "../fixtures/transcripts";
import { call, chat, signUp } from "./helpers";
import { deploy, deployer, visit } from "./hosting-helpers";

/** 1-based line and column of a character offset, as a browser's stack trace gives them. */
function lineColumn(text: string, index: number) {
  const before = text.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

describe("source map positions", () => {
  it("decodes base64 VLQ fields, signs and continuations included", () => {
    expect(decodeVlq("AAAA")).toEqual([0, 0, 0, 0]);
    expect(decodeVlq("D")).toEqual([-1]);
    expect(decodeVlq("gB")).toEqual([16]);
    expect(decodeVlq("2H")).toEqual([123]);
    expect(decodeVlq("KAAL")).toEqual([5, 0, 0, -5]);
    expect(() => decodeVlq("g")).toThrow(/middle of a number/);
    expect(() => decodeVlq("A!")).toThrow(/base64/);
  });

  it("finds the segment at or before a column, with state carried across lines", () => {
    const map = {
      version: 3,
      sources: ["app:src/a.ts", "app:src/b.tsx"],
      // line 1: col 0 → a.ts 0:0, col 5 → a.ts 0:5; line 2: col 0 → b.tsx 1:0, col 2 → nothing.
      mappings: "AAAA,KAAK;ACCL,E",
    };
    expect(originalPosition(map, 1, 1)).toEqual({ file: "src/a.ts", line: 1, column: 1 });
    expect(originalPosition(map, 1, 4)).toEqual({ file: "src/a.ts", line: 1, column: 1 });
    expect(originalPosition(map, 1, 6)).toEqual({ file: "src/a.ts", line: 1, column: 6 });
    expect(originalPosition(map, 1, 500)).toEqual({ file: "src/a.ts", line: 1, column: 6 });
    expect(originalPosition(map, 2, 2)).toEqual({ file: "src/b.tsx", line: 2, column: 1 });
    expect(originalPosition(map, 2, 3)).toBeNull();
    expect(originalPosition(map, 3, 1)).toBeNull();
    expect(originalPosition(map, 0, 1)).toBeNull();
    expect(parseSourceMap('{"version":2,"sources":[],"mappings":""}')).toBeNull();
    expect(parseSourceMap("not json")).toBeNull();
  });

  it("maps a position in a built, minified bundle back to the app's file and line", async () => {
    const built = await buildApp({
      "index.html":
        '<!doctype html><html><head></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
      "src/main.tsx":
        'import { createRoot } from "react-dom/client";\nimport { Broken } from "./Broken";\ncreateRoot(document.getElementById("root")!).render(<Broken />);\n',
      "src/Broken.tsx":
        'export function Broken(): never {\n  const reason = "no data";\n  throw new Error(`mapped boom: ${reason}`);\n}\n',
    });
    expect(built.ok, JSON.stringify(built.diagnostics)).toBe(true);
    const [bundle, mapText] = Object.entries(built.sourceMaps).find(([p]) => /\/index-[^/]+\.js$/.test(p))!;
    // The map is kept with the build, not among what is served, and the bundle does not point at it.
    expect(built.assets[`${bundle}.map`]).toBeUndefined();
    const code = built.assets[bundle]!.body as string;
    expect(code).not.toContain("sourceMappingURL");
    const at = code.search(/throw\s*(new\s+)?Error\(`mapped boom/);
    expect(at).toBeGreaterThanOrEqual(0);
    const { line, column } = lineColumn(code, at);
    expect(originalPosition(parseSourceMap(mapText)!, line, column)).toEqual({
      file: "src/Broken.tsx",
      line: 3,
      column: 3,
    });
  });
});

async function builtProject(name: string, app: string) {
  const user = await signUp();
  const project = (await call("POST", "/api/projects", { token: user.token, body: { name } })).json.project;
  const put = await call("PUT", `/api/projects/${project.id}/files/src/App.tsx`, {
    token: user.token,
    body: { content: app },
  });
  expect(put.status, put.text).toBe(200);
  const build = await call("POST", `/api/projects/${project.id}/build`, { token: user.token, body: {} });
  expect(build.status, build.text).toBe(200);
  return { ...user, project, versionId: build.json.versionId as string, previewUrl: build.json.previewUrl as string };
}

const renderPath = (projectId: string, versionId: string) => `/api/projects/${projectId}/versions/${versionId}/render`;

describe("recording what a version's page did in the preview", () => {
  it("maps a failed render to the app's file and line, shows it in the versions list, and lets a later render replace it", async () => {
    const app =
      "export function App() {\n  const items: string[] | null = null;\n  return <ul>{items!.map((i) => <li key={i}>{i}</li>)}</ul>;\n}\n";
    const p = await builtProject("Throws on render", app);
    const page = await visit(p.previewUrl);
    const src = page.text.match(/<script type="module" crossorigin src="\.\/(assets\/index-[^"]+\.js)"/)![1]!;
    const bundleUrl = new URL(src, p.previewUrl).href;
    const code = (await visit(bundleUrl)).text;
    // The source map stays with the platform: the preview host does not serve it.
    expect((await visit(`${bundleUrl}.map`)).text).not.toContain('"mappings"');
    const at = code.search(/\.map\(\s*\(?\w+\)?\s*=>/);
    expect(at).toBeGreaterThan(0);
    const { line, column } = lineColumn(code, at);

    const failed = await call("POST", renderPath(p.project.id, p.versionId), {
      token: p.token,
      body: {
        status: "failed",
        error: {
          kind: "render",
          message: "Cannot read properties of null (reading 'map')",
          stack: `TypeError: Cannot read properties of null (reading 'map')\n    at App (${bundleUrl}:${line}:${column})\n    at renderWithHooks (${new URL("/assets/vendor/react-dom-client.js", p.previewUrl).href}:1:100)`,
          componentStack: `\n    at App (${bundleUrl}:${line}:${column})`,
        },
      },
    });
    expect(failed.status, failed.text).toBe(200);
    expect(failed.json.render).toMatchObject({
      status: "failed",
      error: {
        kind: "render",
        file: "src/App.tsx",
        line: 3,
        message: "Cannot read properties of null (reading 'map')",
      },
    });
    expect(failed.json.render.error.stack).toContain("at App (src/App.tsx:3:");
    // Positions no map covers lose the secret preview host, keeping their path.
    expect(failed.json.render.error.stack).toContain("(/assets/vendor/react-dom-client.js:1:100)");
    expect(failed.json.render.error.stack).not.toContain(new URL(p.previewUrl).host);
    expect(failed.json.render.error.componentStack).toContain("src/App.tsx:3:");

    const listed = await call("GET", `/api/projects/${p.project.id}/versions`, { token: p.token });
    expect(listed.json.versions[0]).toMatchObject({
      versionId: p.versionId,
      render: { status: "failed", error: { file: "src/App.tsx", line: 3 } },
    });
    const one = await call("GET", `/api/projects/${p.project.id}/versions/${p.versionId}`, { token: p.token });
    expect(one.json.version.render.status).toBe("failed");

    const rendered = await call("POST", renderPath(p.project.id, p.versionId), {
      token: p.token,
      body: { status: "rendered" },
    });
    expect(rendered.json.render).toMatchObject({ status: "rendered", error: null });
    const again = await call("GET", `/api/projects/${p.project.id}/versions`, { token: p.token });
    expect(again.json.versions[0].render).toMatchObject({ status: "rendered", error: null });

    // The maps live beside the assets but outside the served manifest; the nightly clean-up keeps them.
    const artifact = (await readArtifact(env.CODE, p.project.id, p.versionId))!;
    const mapHashes = Object.values(artifact.sourceMaps ?? {});
    expect(mapHashes.length).toBeGreaterThan(0);
    expect(Object.values(artifact.assets).map((a) => a.hash)).not.toContain(mapHashes[0]);
    const report = await runMaintenance(env, Date.now() + 2 * 60 * 60 * 1000);
    expect(report.problems).toEqual([]);
    for (const hash of mapHashes) expect(await env.CODE.head(assetKey(p.project.id, hash))).not.toBeNull();
  });

  it("records a file that did not load by its path, and versions never shown have no render result", async () => {
    const d = await deployer("Missing script");
    const first = await deploy(d.apiToken, d.project.id, { assets: { "/index.html": "<p>first</p>" } });
    const second = await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": '<div id="root"></div><script type="module" src="/assets/gone.js"></script>' },
    });
    const res = await call("POST", renderPath(d.project.id, second.versionId), {
      token: d.token,
      body: {
        status: "failed",
        error: {
          kind: "resource",
          message: "The module http://x--p1.localhost:8787/assets/gone.js did not load.",
          where: { url: "http://x--p1.localhost:8787/assets/gone.js" },
        },
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.render.error).toMatchObject({ kind: "resource", file: "assets/gone.js", line: null });
    const listed = (await call("GET", `/api/projects/${d.project.id}/versions`, { token: d.token })).json.versions;
    expect(
      listed.map((v: { versionId: string; render: { status: string } | null }) => [
        v.versionId,
        v.render?.status ?? null,
      ]),
    ).toEqual([
      [second.versionId, "failed"],
      [first.versionId, null],
    ]);
  });

  it("refuses bad reports with what to fix, other people's projects, and versions with no page", async () => {
    const d = await deployer("Strict reports");
    const v = await deploy(d.apiToken, d.project.id, { assets: { "/index.html": "<p>ok</p>" } });
    const path = renderPath(d.project.id, v.versionId);
    for (const [body, words] of [
      [{ status: "fine" }, /status must be "rendered" or "failed"/],
      [{ status: "failed" }, /error/],
      [{ status: "failed", error: { kind: "boom", message: "x" } }, /kind must be one of/],
      [{ status: "failed", error: { kind: "error", message: "" } }, /message is required/],
      [{ status: "failed", error: { kind: "error", message: "x".repeat(2001) } }, /at most 2000/],
    ] as const) {
      const res = await call("POST", path, { token: d.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message).toMatch(words);
    }
    const stranger = await signUp();
    const other = await call("POST", path, { token: stranger.token, body: { status: "rendered" } });
    expect(other.status).toBe(404);
    const missing = await call("POST", renderPath(d.project.id, "01HZZZZZZZZZZZZZZZZZZZZZZZ"), {
      token: d.token,
      body: { status: "rendered" },
    });
    expect(missing.status).toBe(404);
    // A version whose build failed has no page.
    await call("PUT", `/api/projects/${d.project.id}/files/src/App.tsx`, {
      token: d.token,
      body: { content: "export function App( {" },
    });
    const failedBuild = await call("POST", `/api/projects/${d.project.id}/build`, { token: d.token, body: {} });
    expect(failedBuild.status).toBe(422);
    const latest = (await call("GET", `/api/projects/${d.project.id}/versions`, { token: d.token })).json.versions[0];
    expect(latest.status).toBe("failed");
    const noPage = await call("POST", renderPath(d.project.id, latest.versionId), {
      token: d.token,
      body: { status: "rendered" },
    });
    expect([noPage.status, noPage.json.error.code]).toEqual([409, "version_not_deployed"]);
  });

  it("injects the reporter after the bridge on preview pages, naming the version, and never in production", async () => {
    const d = await deployer("Reported");
    const v = await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "<html><head></head><body>hi</body></html>" },
    });
    const html = (await visit(v.previewUrl)).text;
    expect(html).toMatch(
      new RegExp(
        `<script src="/__kiln/preview/bridge\\.js" data-builder-origins="[^"]*" data-version="${v.versionId}"></script><script src="/__kiln/preview/reporter\\.js"></script>`,
      ),
    );
    const reporter = await visit(new URL("/__kiln/preview/reporter.js", v.previewUrl).href);
    expect(reporter.status).toBe(200);
    expect(reporter.text).toContain('kiln.send("rendered"');
    await call("POST", `/api/projects/${d.project.id}/publish`, { token: d.token, body: { versionId: v.versionId } });
    const production = (await visit(`http://${d.project.slug}.localhost:8787/`)).text;
    expect(production).not.toContain("reporter.js");
  });
});

describe("a generation's render check, with a model connected", () => {
  it(
    "starts one repair run with the error when the newest generated version fails to render, and none offline or after a render",
    { timeout: 180_000 },
    async () => {
      const { token } = await signUp();
      const { project } = (await call("POST", "/api/projects", { token, body: { name: "Checked todos" } })).json;
      const put = await call("PUT", "/api/settings/ai", {
        token,
        body: { provider: "replay", transcript: transcript("todo-clean") },
      });
      expect(put.status, put.text).toBe(200);
      const done = (await chat(token, project.id, APP_DESCRIPTIONS.todo)).at(-1)!;
      expect(done.type).toBe("done");
      const path = renderPath(project.id, done.versionId);
      const failure = { kind: "render", message: "todos.filter is not a function" };

      // An error after the page rendered (a click, say) is recorded, but is not a failed render check.
      const late = await call("POST", path, {
        token,
        body: { status: "failed", error: { ...failure, afterRender: true } },
      });
      expect(late.json).toMatchObject({ render: { status: "failed", error: { afterRender: true } }, repair: null });

      const res = await call("POST", path, { token, body: { status: "failed", error: failure } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.repair).toMatchObject({
        runId: expect.stringMatching(/^[0-9A-Z]{26}$/),
        message: "Fix the error the preview showed: todos.filter is not a function",
      });
      // The run is the project's, as if sent in the chat: it is in the history with the error as its message.
      const { runs, messages } = (await call("GET", `/api/chat/${project.id}/history`, { token })).json;
      expect(runs[0]).toMatchObject({ runId: res.json.repair.runId, message: res.json.repair.message });
      expect(messages.at(-1)).toMatchObject({ role: "user", content: res.json.repair.message });
      // It ends on its own (the recorded model has no answer for it); nobody needs to keep a tab open.
      const stream = await exports.default.fetch(
        `http://localhost:8787/api/chat/${project.id}/runs/${res.json.repair.runId}/events`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(await stream.text()).toMatch(/"type":"(done|error)"/);

      // Once per version: another report (another tab, a reload) starts nothing more.
      const again = await call("POST", path, { token, body: { status: "failed", error: failure } });
      expect(again.json.repair).toBeNull();

      // Offline, a failed render is recorded and shown, and no repair starts.
      await call("PUT", "/api/settings/ai", { token, body: { provider: "offline" } });
      const offline = (await call("POST", "/api/projects", { token, body: { name: "Offline todos" } })).json.project;
      const offlineDone = (await chat(token, offline.id, "a todo app with due dates")).at(-1)!;
      expect(offlineDone.type).toBe("done");
      const offlineRes = await call("POST", renderPath(offline.id, offlineDone.versionId), {
        token,
        body: { status: "failed", error: failure },
      });
      expect(offlineRes.json).toMatchObject({ render: { status: "failed" }, repair: null });
    },
  );
});
