import { describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { visit } from "./hosting-helpers";

async function newProject(name = "Built app") {
  const user = await signUp();
  const project = (await call("POST", "/api/projects", { token: user.token, body: { name } })).json.project;
  return { ...user, project };
}

const put = (token: string, id: string, path: string, content: string) =>
  call("PUT", `/api/projects/${id}/files/${path}`, {
    token,
    rawBody: content,
    headers: { "content-type": "text/plain" },
  });

describe("project files", () => {
  it("starts every new project from the template", async () => {
    const { token, project } = await newProject();
    const files = (await call("GET", `/api/projects/${project.id}/files`, { token })).json.files as {
      path: string;
      size: number;
      hash: string;
    }[];
    const paths = files.map((f) => f.path);
    for (const p of [
      "package.json",
      "index.html",
      "vite.config.ts",
      "wrangler.jsonc",
      "src/main.tsx",
      "src/App.tsx",
      "src/lib/api.ts",
      "worker/index.ts",
      "migrations/0001_init.sql",
    ])
      expect(paths).toContain(p);
    expect(files[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const app = await call("GET", `/api/projects/${project.id}/files/src/App.tsx`, { token });
    expect(app.json).toMatchObject({ path: "src/App.tsx", size: expect.any(Number) });
    expect(app.json.content).toContain("<Routes>");
    const raw = await call("GET", `/api/projects/${project.id}/files/src/App.tsx?raw`, { token });
    expect(raw.text).toBe(app.json.content);
  });

  it("writes, reads and deletes files, refusing bad paths and oversized files", async () => {
    const { token, project } = await newProject();
    const written = await put(
      token,
      project.id,
      "src/pages/AboutPage.tsx",
      "export function AboutPage() { return <p>About</p>; }\n",
    );
    expect(written.status).toBe(200);
    expect(written.json.path).toBe("src/pages/AboutPage.tsx");
    const json = await call("PUT", `/api/projects/${project.id}/files/notes.md`, {
      token,
      body: { content: "# Notes" },
    });
    expect(json.status).toBe(200);
    expect((await call("GET", `/api/projects/${project.id}/files/notes.md`, { token })).json.content).toBe("# Notes");

    for (const bad of ["..%2Fsecrets.txt", "src/..%2F..%2Fx.ts", "a%00b.ts"]) {
      const res = await put(token, project.id, bad, "x");
      expect(res.status, bad).toBe(400);
      expect(res.json.error.code).toBe("invalid_path");
    }
    const big = await call("PUT", `/api/projects/${project.id}/files/big.txt`, {
      token,
      body: { content: "x".repeat(1024 * 1024 + 1) },
    });
    expect([big.status, big.json.error.code]).toEqual([413, "body_too_large"]);

    expect((await call("DELETE", `/api/projects/${project.id}/files/notes.md`, { token })).status).toBe(204);
    expect((await call("GET", `/api/projects/${project.id}/files/notes.md`, { token })).status).toBe(404);
    const other = await signUp();
    expect((await call("GET", `/api/projects/${project.id}/files`, { token: other.token })).status).toBe(404);
  });
});

describe("building in the platform", () => {
  it("builds the template and deploys a preview that serves the page and the app's API", async () => {
    const { token, project } = await newProject("Preview me");
    const res = await call("POST", `/api/projects/${project.id}/build`, { token, body: {} });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      versionId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      previewUrl: expect.stringContaining(`${project.slug}--`),
      buildTime: expect.any(Number),
    });
    expect(res.json.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);

    const page = await visit(res.json.previewUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain('type="importmap"');
    const script = page.text.match(/src="\.?\/?(assets\/[^"]+\.js)"/)![1];
    expect((await visit(`${res.json.previewUrl}${script}`)).status).toBe(200);

    const register = await visit(`${res.json.previewUrl}api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "app-user@example.com", password: "app password" }),
    });
    expect(register.status, register.text).toBe(201);
    expect(JSON.parse(register.text).token).toBeTruthy();
  });

  it("reports a syntax error as a 422 with structured errors and deploys nothing", async () => {
    const { token, project } = await newProject();
    const good = (await call("POST", `/api/projects/${project.id}/build`, { token, body: {} })).json;
    await put(token, project.id, "src/pages/HomePage.tsx", "export function HomePage() {\n  return <div>unclosed\n}\n");
    const bad = await call("POST", `/api/projects/${project.id}/build`, { token, body: {} });
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe("build_failed");
    expect(bad.json.error.details[0]).toMatchObject({
      file: "src/pages/HomePage.tsx",
      source: "esbuild",
      line: expect.any(Number),
      column: expect.any(Number),
    });
    // The earlier preview still serves.
    expect((await visit(good.previewUrl)).status).toBe(200);
  });

  it("keeps building through a type error but reports it; strict mode refuses", async () => {
    const { token, project } = await newProject();
    await put(token, project.id, "src/lib/broken.ts", 'export const n: number = "not a number";\n');
    await put(
      token,
      project.id,
      "src/main.tsx",
      (await call("GET", `/api/projects/${project.id}/files/src/main.tsx`, { token })).json.content +
        '\nimport "./lib/broken";\n',
    );
    const res = await call("POST", `/api/projects/${project.id}/build`, { token, body: {} });
    expect(res.status, res.text).toBe(200);
    expect(res.json.diagnostics).toContainEqual(
      expect.objectContaining({ file: "src/lib/broken.ts", code: "TS2322", source: "typescript" }),
    );
    const strict = await call("POST", `/api/projects/${project.id}/build`, { token, body: { strict: true } });
    expect(strict.status).toBe(422);
  });

  it("names the supported framework when asked for another", async () => {
    const { token, project } = await newProject();
    const res = await call("POST", `/api/projects/${project.id}/build`, { token, body: { framework: "vue" } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/react/);
  });
});
