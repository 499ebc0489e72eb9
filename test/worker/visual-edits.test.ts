// Point at the preview to edit it: source tags in preview builds only, and edits of one JSX
// element's text or className found by TypeScript's parser in the type-checker isolate.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors";
import { inspectIn, planEdit, type VisualEdit } from "../../src/agent/visual-edit";
import { applySplices } from "../../src/agent/visual-edit/splice";
import { applyStyle } from "../../src/agent/visual-edit/tailwind-classes";
import { scopedEdit, withElementContext } from "../../src/agent/visual-edit/scoped-chat";
import { call, chat, signUp } from "./helpers";
import { visit } from "./hosting-helpers";

async function newProject(name = "Pointed app") {
  const user = await signUp();
  const project = (await call("POST", "/api/projects", { token: user.token, body: { name } })).json.project;
  return { ...user, project };
}

const put = (token: string, id: string, path: string, content: string) =>
  call("PUT", `/api/projects/${id}/files/${path}`, { token, body: { content } });

/** The 1-based line:column of the first `marker` in `text`, as a source tag says it. */
function tagOf(file: string, text: string, marker: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} in ${file}`);
  const before = text.slice(0, at).split("\n");
  return `${file}:${before.length}:${before.at(-1)!.length + 1}`;
}

const SHAPES = `import { cn } from "./lib/utils";

export function Shapes({ title, tone }: { title: string; tone: string }) {
  const name = "x";
  return (
    <>
      <h1 className="text-2xl font-bold">Hello &amp; welcome</h1>
      <img src="/a.png" alt="" className='rounded' />
      <section
        className="
          p-4
          bg-white"
      >
        <p>
          Nested text
          over lines
        </p>
      </section>
      <p className={"text-sm"}>{"Quoted"}</p>
      <span className={cn("a", tone)}>{name}</span>
      <em className={\`text-\${tone}\`}>Styled</em>
      <b className={\`font-bold\`}>{title}</b>
      <hr />
      <div>Mixed <b>bold</b></div>
    </>
  );
}
`;
const USE = `import { Shapes } from "./Shapes";

export const Page = () => <Shapes title="Dashboard" tone={"x"} />;
`;
const FILES = { "src/Shapes.tsx": SHAPES, "src/Page.tsx": USE };

/** Applies an edit to the element at `marker` in Shapes.tsx; returns the changed files. */
async function edit(marker: string, change: Omit<VisualEdit, "element">, callers?: string[]) {
  const element = { src: tagOf("src/Shapes.tsx", SHAPES, marker), ...(callers ? { callers } : {}) };
  const info = await inspectIn(env, FILES, element);
  return applySplices(FILES, planEdit(info, change));
}

async function refusal(marker: string, change: Omit<VisualEdit, "element">): Promise<ApiError> {
  try {
    await edit(marker, change);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`the edit at ${marker} was not refused`);
}

describe("visual edits: the source changes", () => {
  it("edits JSX text in place, with entities, and nothing else in the file", async () => {
    const out = await edit("<h1", { text: "Hi & bye <3 {x}" });
    expect(out["src/Shapes.tsx"]).toBe(SHAPES.replace("Hello &amp; welcome", "Hi &amp; bye &lt;3 &#123;x&#125;"));
    const info = await inspectIn(env, FILES, { src: tagOf("src/Shapes.tsx", SHAPES, "<h1") });
    expect(info).toMatchObject({ tag: "h1", component: { name: "Shapes", startLine: 3, endLine: 27 } });
    expect(info.text).toMatchObject({ editable: true, span: { value: "Hello & welcome" } });
  });

  it("edits multi-line text, keeping the lines around it", async () => {
    const out = await edit("<p>", { text: "One line now" });
    expect(out["src/Shapes.tsx"]).toBe(SHAPES.replace("Nested text\n          over lines", "One line now"));
  });

  it('edits a string-literal child and className={"…"} as JavaScript strings', async () => {
    const out = await edit('<p className={"', { text: 'Say "hi"', style: { fontSize: "lg" } });
    expect(out["src/Shapes.tsx"]).toBe(
      SHAPES.replace('<p className={"text-sm"}>{"Quoted"}</p>', '<p className={"text-lg"}>{"Say \\"hi\\""}</p>'),
    );
  });

  it("maps controls to Tailwind classes, replacing only the classes of the same kind", async () => {
    const out = await edit("<h1", { style: { textColor: "emerald-600", fontSize: "4xl" } });
    expect(out["src/Shapes.tsx"]).toBe(SHAPES.replace('"text-2xl font-bold"', '"font-bold text-emerald-600 text-4xl"'));
    expect(
      applyStyle("p-4 px-2 sm:py-3 hover:bg-zinc-100 bg-white dark:bg-zinc-900 rounded text-center", {
        padding: "6",
        backgroundColor: "rose-500",
        radius: "full",
        align: "left",
        hidden: true,
      }),
    ).toBe("hover:bg-zinc-100 dark:bg-zinc-900 p-6 bg-rose-500 rounded-full text-left hidden");
    expect(applyStyle("hidden text-sm", { hidden: false, fontSize: null })).toBe("");
  });

  it("edits a self-closing element's single-quoted className and a multi-line className", async () => {
    const img = await edit("<img", { style: { radius: "lg" } });
    expect(img["src/Shapes.tsx"]).toBe(SHAPES.replace("className='rounded'", "className='rounded-lg'"));
    const section = await edit("<section", { style: { padding: "8" } });
    expect(section["src/Shapes.tsx"]).toBe(SHAPES.replace('"\n          p-4\n          bg-white"', '"bg-white p-8"'));
  });

  it("adds a className where there is none, and edits a template literal without parts", async () => {
    const hr = await edit("<hr", { style: { hidden: true } });
    expect(hr["src/Shapes.tsx"]).toBe(SHAPES.replace("<hr />", '<hr className="hidden" />'));
    const b = await edit("<b className", { style: { fontWeight: "medium" } });
    expect(b["src/Shapes.tsx"]).toBe(SHAPES.replace("{`font-bold`}", "{`font-medium`}"));
  });

  it("edits text passed through a prop at the component's use, in that file only", async () => {
    // The nearest use of Shapes among the components above the element (the first here is another one's).
    const callers = [tagOf("src/Shapes.tsx", SHAPES, "<span"), tagOf("src/Page.tsx", USE, "<Shapes")];
    const out = await edit("<b className", { text: "Clients" }, callers);
    expect(out).toEqual({ "src/Page.tsx": USE.replace('title="Dashboard"', 'title="Clients"') });
    const info = await inspectIn(env, FILES, { src: tagOf("src/Shapes.tsx", SHAPES, "<b className"), callers });
    expect(info.text).toMatchObject({
      editable: true,
      via: "the title prop of Shapes",
      span: { file: "src/Page.tsx", value: "Dashboard" },
    });
  });

  it("refuses what is not a literal, saying what it is", async () => {
    const cases: [string, Omit<VisualEdit, "element">, RegExp][] = [
      ["<span", { style: { textColor: "red-500" } }, /classes .*not a literal.*function call \(cn\("a", tone\)\)/],
      ["<span", { text: "y" }, /not a literal.*\{name\}/],
      ["<em", { style: { textColor: "red-500" } }, /template literal with parts/],
      ["<b className", { text: "y" }, /the title prop of Shapes/],
      ["<div>Mixed", { text: "y" }, /mixes text with other elements/],
      ["<img", { text: "y" }, /no text of its own/],
    ];
    for (const [marker, change, message] of cases) {
      const err = await refusal(marker, change);
      expect([err.status, err.code], marker).toEqual([422, "not_a_literal"]);
      expect(err.message, marker).toMatch(message);
    }
    await expect(inspectIn(env, FILES, { src: "src/Shapes.tsx:2:1" })).rejects.toMatchObject({
      status: 422,
      code: "element_not_found",
    });
    await expect(inspectIn(env, FILES, { src: "src/Gone.tsx:1:1" })).rejects.toMatchObject({
      code: "element_not_found",
      message: expect.stringContaining("not a file of this project"),
    });
  });
});

const APP = `export function App() {
  return (
    <main className="p-6">
      <h1 className="text-2xl font-semibold">Pointed</h1>
      <p className="text-zinc-600">Everything here is tagged in previews.</p>
    </main>
  );
}
`;

async function script(pageUrl: string): Promise<string> {
  const html = (await visit(pageUrl)).text;
  const src = html.match(/<script type="module" crossorigin src="\.([^"]+)"/)?.[1];
  if (!src) throw new Error(`no module script in ${html.slice(0, 500)}`);
  return (await visit(new URL(src, pageUrl).href)).text;
}

describe("source tags and the visual-edit API", () => {
  it("tags preview pages with each element's file:line:column; production of the same version carries none", async () => {
    const p = await newProject("Tagged");
    expect((await put(p.token, p.project.id, "src/App.tsx", APP)).status).toBe(200);
    const built = await call("POST", `/api/projects/${p.project.id}/build`, { token: p.token });
    expect(built.status, JSON.stringify(built.json)).toBe(200);
    expect(built.json.timings.sourceTags).toBeGreaterThan(0);

    const preview = await script(built.json.previewUrl);
    for (const marker of ["<main", "<h1", "<p "]) {
      const [, line, column] = tagOf("src/App.tsx", APP, marker).split(":");
      expect(preview, marker).toContain(`fileName:"app:src/App.tsx",lineNumber:${line},columnNumber:${column}`);
    }
    expect(preview).toContain("data-kiln-src");
    // Select mode's script is among the platform's preview scripts, after the bridge.
    const page = (await visit(built.json.previewUrl)).text;
    expect(page).toMatch(
      /<head><script src="\/__kiln\/preview\/bridge\.js" [^>]*><\/script>(<script [^>]*><\/script>)*<script src="\/__kiln\/preview\/select\.js"><\/script>/,
    );
    expect((await visit(new URL("/__kiln/preview/select.js", built.json.previewUrl).href)).text).toContain(
      'kiln.send("selected"',
    );

    const published = await call("POST", `/api/projects/${p.project.id}/publish`, {
      token: p.token,
      body: { versionId: built.json.versionId },
    });
    expect(published.status, JSON.stringify(published.json)).toBe(200);
    const production = await visit(`http://${p.project.slug}.localhost:8787/`);
    expect(production.headers.get("x-kiln-version")).toBe(built.json.versionId);
    const prodScript = await script(`http://${p.project.slug}.localhost:8787/`);
    expect(prodScript).toContain("Pointed");
    expect(production.text).not.toContain("select.js");
    expect(prodScript).not.toContain("data-kiln-src");
    expect(prodScript).not.toContain("lineNumber");
    // The tagged bundle itself is not reachable on the production host.
    const taggedPath = (await visit(built.json.previewUrl)).text.match(/src="\.([^"]+)"/)![1]!;
    const there = await visit(`http://${p.project.slug}.localhost:8787${taggedPath}`);
    expect(there.text).not.toContain("data-kiln-src");
  });

  it("inspects and edits through the API: one version per batch, only that element's literals change, refusals are 422", async () => {
    const p = await newProject("Edited");
    await put(p.token, p.project.id, "src/App.tsx", APP);
    const first = await call("POST", `/api/projects/${p.project.id}/build`, { token: p.token });
    expect(first.status).toBe(200);
    const h1 = tagOf("src/App.tsx", APP, "<h1");

    const info = await call("POST", `/api/projects/${p.project.id}/visual-edits/inspect`, {
      token: p.token,
      body: { element: { src: h1 } },
    });
    expect(info.status).toBe(200);
    expect(info.json.element).toMatchObject({
      tag: "h1",
      component: { name: "App" },
      text: { editable: true, value: "Pointed", file: "src/App.tsx" },
      className: { editable: true, value: "text-2xl font-semibold" },
    });

    const edited = await call("POST", `/api/projects/${p.project.id}/visual-edits`, {
      token: p.token,
      body: { element: { src: h1 }, text: "Clients", style: { textColor: "emerald-600" } },
    });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    expect(edited.json.files).toEqual(["src/App.tsx"]);
    expect(edited.json.versionId).not.toBe(first.json.versionId);
    const source = await call("GET", `/api/projects/${p.project.id}/files/src/App.tsx?raw`, { token: p.token });
    expect(source.text).toBe(
      APP.replace('"text-2xl font-semibold">Pointed', '"text-2xl font-semibold text-emerald-600">Clients'),
    );
    expect(await script(edited.json.previewUrl)).toContain("Clients");
    const versions = (await call("GET", `/api/projects/${p.project.id}/versions`, { token: p.token })).json.versions;
    expect(versions.length).toBe(2);
    expect(versions[0].prompt).toMatch(/Visual edit of <h1>.*text "Clients".*textColor emerald-600/);

    const bad = [
      [{ element: { src: "App.tsx" }, text: "x" }, 400, "invalid_request"],
      [{ element: { src: h1 }, style: { textColor: "green" } }, 400, "invalid_request"],
      [{ element: { src: h1 } }, 400, "invalid_request"],
      [{ element: { src: h1 }, text: "Clients" }, 409, "no_change"],
      [{ element: { src: "src/App.tsx:1:1" }, text: "x" }, 422, "element_not_found"],
    ] as const;
    for (const [body, status, code] of bad) {
      const res = await call("POST", `/api/projects/${p.project.id}/visual-edits`, { token: p.token, body });
      expect([res.status, res.json.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const stranger = await signUp();
    const theirs = await call("POST", `/api/projects/${p.project.id}/visual-edits`, {
      token: stranger.token,
      body: { element: { src: h1 }, text: "Mine" },
    });
    expect(theirs.status).toBe(404);
    expect((await call("GET", `/api/projects/${p.project.id}/versions`, { token: p.token })).json.versions.length).toBe(
      2,
    );

    // An edit whose build fails (here another file is broken) puts the edited file back as it was.
    const raw = async (path: string) =>
      (await call("GET", `/api/projects/${p.project.id}/files/${path}?raw`, { token: p.token })).text;
    const before = await raw("src/App.tsx");
    await put(p.token, p.project.id, "src/Broken.tsx", "export const x = ;\n");
    await put(p.token, p.project.id, "src/main.tsx", `import "./Broken";\n${await raw("src/main.tsx")}`);
    const failed = await call("POST", `/api/projects/${p.project.id}/visual-edits`, {
      token: p.token,
      body: { element: { src: h1 }, text: "Never" },
    });
    expect([failed.status, failed.json.error.code]).toEqual([422, "build_failed"]);
    expect(failed.json.error.message).toMatch(/src\/Broken\.tsx.*put back/);
    expect(await raw("src/App.tsx")).toBe(before);
  });
});

describe("scoped chat: a message about the selected element", () => {
  const info = async (marker: string) =>
    inspectIn(env, { "src/App.tsx": APP }, { src: tagOf("src/App.tsx", APP, marker) });

  it("reads plain edits that name the element, and leaves other requests to the generation", async () => {
    const h1 = await info("<h1");
    expect(scopedEdit("make this green", h1)).toEqual({ style: { textColor: "green-600" } });
    expect(scopedEdit("Rename this to Clients.", h1)).toEqual({ text: "Clients" });
    expect(scopedEdit('change the text to "Our clients"', h1)).toEqual({ text: "Our clients" });
    expect(scopedEdit("make it bigger", h1)).toEqual({ style: { fontSize: "3xl" } });
    expect(scopedEdit("make it smaller and bold", h1)).toEqual({ style: { fontSize: "xl", fontWeight: "bold" } });
    expect(scopedEdit("hide this", h1)).toEqual({ style: { hidden: true } });
    expect(scopedEdit("give it a light blue background and center it", h1)).toEqual({
      style: { backgroundColor: "blue-100", align: "center" },
    });
    expect(scopedEdit("add a table of clients with their emails", h1)).toBeNull();
  });

  it("gives the model the element's file, place and component first", async () => {
    const prompt = withElementContext("make it friendlier", await info("<p "), APP);
    expect(
      prompt.startsWith(
        "This request is about one element the person selected in the preview: the <p> at src/App.tsx:5:7, in the component App (lines 1–8):",
      ),
    ).toBe(true);
    expect(prompt).toContain('   5        <p className="text-zinc-600">');
    expect(prompt.endsWith("make it friendlier")).toBe(true);
  });

  it("offline, 'make this green' and 'rename this to Clients' become versions that change only that element", async () => {
    const p = await newProject("Scoped");
    await put(p.token, p.project.id, "src/App.tsx", APP);
    expect((await call("POST", `/api/projects/${p.project.id}/build`, { token: p.token })).status).toBe(200);
    const element = { src: tagOf("src/App.tsx", APP, "<h1") };

    const green = await chat(p.token, p.project.id, "make this green", { element });
    const done = green.find((e) => e.type === "done");
    expect(done, JSON.stringify(green.filter((e) => e.type === "error"))).toBeDefined();
    expect(done!.versionId).toEqual(expect.any(String));
    expect(done!.reply).toContain("textColor to green-600");
    const renamed = (await chat(p.token, p.project.id, "rename this to Clients", { element })).find(
      (e) => e.type === "done",
    );
    expect(renamed!.reply).toContain('its text to "Clients"');
    const source = await call("GET", `/api/projects/${p.project.id}/files/src/App.tsx?raw`, { token: p.token });
    expect(source.text).toBe(
      APP.replace('"text-2xl font-semibold">Pointed', '"text-2xl font-semibold text-green-600">Clients'),
    );

    // Text that is not a literal is refused in words, and nothing is deployed.
    const dynamic = APP.replace(">Pointed<", ">{document.title}<");
    await put(p.token, p.project.id, "src/App.tsx", dynamic);
    const refused = await chat(p.token, p.project.id, "rename this to Clients", { element });
    const error = refused.find((e) => e.type === "error");
    expect(error).toMatchObject({ code: "not_a_literal", message: expect.stringContaining("{document.title}") });
    const versions = (await call("GET", `/api/projects/${p.project.id}/versions`, { token: p.token })).json.versions;
    expect(versions.length).toBe(3);
  });
});
