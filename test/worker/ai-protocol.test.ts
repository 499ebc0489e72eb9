// The edit protocol: parsing model output (tolerantly) and applying it (all or nothing).
import { describe, expect, it } from "vitest";
import {
  applyBlock,
  applyOperations,
  findPlaceholders,
  joinContinuation,
  parseModelOutput,
  type Operation,
} from "../../src/ai/protocol";

const FILE = `import { useState } from "react";

export function Counter() {
  const [count, setCount] = useState(0);
  return (
    <button onClick={() => setCount(count + 1)}>
      Clicked {count} times
    </button>
  );
}
`;

describe("parseModelOutput", () => {
  it("reads writes, edits, deletes and the message around them", () => {
    const out = parseModelOutput(`I'll add a counter.

<kiln-write path="src/Counter.tsx">
${FILE}</kiln-write>

<kiln-edit path="src/App.tsx">
<<<<<<< SEARCH
import { App } from "./App";
=======
import { App } from "./App";
import { Counter } from "./Counter";
>>>>>>> REPLACE
<<<<<<< SEARCH
  return <main />;
=======
  return <main><Counter /></main>;
>>>>>>> REPLACE
</kiln-edit>
<kiln-delete path="src/Old.tsx"/>

Done: the counter is on the home page.`);
    expect(out.truncated).toBe(false);
    expect(out.problems).toEqual([]);
    expect(out.operations.map((o) => [o.kind, o.path])).toEqual([
      ["write", "src/Counter.tsx"],
      ["edit", "src/App.tsx"],
      ["delete", "src/Old.tsx"],
    ]);
    expect((out.operations[0] as Extract<Operation, { kind: "write" }>).content).toBe(FILE);
    const edit = out.operations[1] as Extract<Operation, { kind: "edit" }>;
    expect(edit.blocks).toEqual([
      {
        search: 'import { App } from "./App";',
        replace: 'import { App } from "./App";\nimport { Counter } from "./Counter";',
      },
      { search: "  return <main />;", replace: "  return <main><Counter /></main>;" },
    ]);
    expect(out.message).toBe("I'll add a counter.\n\nDone: the counter is on the home page.");
  });

  it("strips code fences inside tags and fence lines around them", () => {
    const out = parseModelOutput(
      "```xml\n<kiln-write path='src/a.ts'>\n```ts\nexport const a = 1;\n```\n</kiln-write>\n```\nAll set.",
    );
    expect(out.operations).toEqual([
      { kind: "write", path: "src/a.ts", content: "export const a = 1;\n", placeholders: [] },
    ]);
    expect(out.message).toBe("All set.");
  });

  it("keeps a Markdown file's own leading fence", () => {
    const readme = "```bash\nnpm start\n```\n";
    expect(parseModelOutput(`<kiln-write path="README.md">\n${readme}</kiln-write>`).operations[0]).toMatchObject({
      content: readme,
    });
    expect(
      parseModelOutput('<kiln-write path="README.md">\n```markdown\n# App\n```\n</kiln-write>').operations[0],
    ).toMatchObject({ content: "# App\n" });
  });

  it("tolerates quoting variations, odd spacing, case, ./ and a leading slash", () => {
    const out = parseModelOutput(
      `<kiln-write path=src/a.ts>a</kiln-write><KILN-WRITE  path = "./src/b.ts" >b</KILN-WRITE><kiln_write file="/src/c.ts">c</kiln_write><kiln-delete path='src/d.ts'></kiln-delete>`,
    );
    expect(out.operations.map((o) => o.path)).toEqual(["src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts"]);
    expect(out.problems).toEqual([]);
  });

  it("refuses paths outside the project and tags without a path", () => {
    const out = parseModelOutput(
      `<kiln-write path="../../etc/passwd">x</kiln-write><kiln-write>y</kiln-write><kiln-write path="src/ok.ts">z</kiln-write>`,
    );
    expect(out.operations.map((o) => o.path)).toEqual(["src/ok.ts"]);
    expect(out.problems.map((p) => p.kind)).toEqual(["unsafe-path", "missing-path"]);
  });

  it("detects an unclosed last tag as truncation and keeps the partial file out of the operations", () => {
    const out = parseModelOutput(
      `<kiln-write path="src/a.ts">export const a = 1;\n</kiln-write>\n<kiln-write path="src/b.ts">export function b() {\n  return`,
    );
    expect(out.truncated).toBe(true);
    expect(out.operations.map((o) => o.path)).toEqual(["src/a.ts"]);
    expect(out.partial).toEqual({ kind: "write", path: "src/b.ts", content: "export function b() {\n  return" });
    expect(out.problems).toEqual([expect.objectContaining({ kind: "unclosed-tag", path: "src/b.ts" })]);
  });

  it("closes a tag at the next tag when the model forgot its closing tag, and says so", () => {
    const out = parseModelOutput(
      `<kiln-write path="src/a.ts">export const a = 1;\n<kiln-write path="src/b.ts">export const b = 2;\n</kiln-write>`,
    );
    expect(out.truncated).toBe(false);
    expect(out.operations.map((o) => [o.path, o.kind === "write" && o.content])).toEqual([
      ["src/a.ts", "export const a = 1;\n"],
      ["src/b.ts", "export const b = 2;\n"],
    ]);
    expect(out.problems.map((p) => p.kind)).toEqual(["unclosed-tag"]);
  });

  it("drops reasoning leaked inline as <think> blocks", () => {
    const out = parseModelOutput(
      `<think>The user wants a file. I'll write <kiln-write> tags.</think>\n<kiln-write path="a.ts">x</kiln-write>\nHere you go.`,
    );
    expect(out.operations.map((o) => o.path)).toEqual(["a.ts"]);
    expect(out.message).toBe("Here you go.");
  });

  it("drops reasoning whose opening <think> was in the prompt (only </think> comes back)", () => {
    const out = parseModelOutput(
      `The user wants a.ts.\nI'll write it.</think>\n\n<kiln-write path="a.ts">x</kiln-write>\nDone.`,
    );
    expect(out.operations.map((o) => o.path)).toEqual(["a.ts"]);
    expect(out.message).toBe("Done.");
  });

  it("reports lazy placeholders in writes and in REPLACE parts", () => {
    const out = parseModelOutput(`<kiln-write path="src/a.tsx">
import x from "x";
// ... existing code ...
export function A() {
  return <div>{/* ...rest of the component */}</div>;
}
</kiln-write>
<kiln-edit path="src/b.ts">
<<<<<<< SEARCH
export const b = 1;
=======
export const b = 2;
/* rest unchanged */
>>>>>>> REPLACE
</kiln-edit>`);
    const write = out.operations[0] as Extract<Operation, { kind: "write" }>;
    expect(write.placeholders.map((p) => p.line)).toEqual([2]);
    const edit = out.operations[1] as Extract<Operation, { kind: "edit" }>;
    expect(edit.placeholders.map((p) => p.text)).toEqual(["/* rest unchanged */"]);
    expect(out.problems.filter((p) => p.kind === "placeholder").map((p) => p.path)).toEqual(["src/a.tsx", "src/b.ts"]);
  });

  it("reports malformed and empty edit blocks", () => {
    const out = parseModelOutput(`<kiln-edit path="a.ts">
<<<<<<< SEARCH
const a = 1;
>>>>>>> REPLACE
</kiln-edit>
<kiln-edit path="b.ts">
just prose, no blocks
</kiln-edit>`);
    expect(out.operations).toEqual([]);
    expect(out.problems.map((p) => [p.kind, p.path])).toEqual([
      ["malformed-block", "a.ts"],
      ["empty-edit", "a.ts"],
      ["empty-edit", "b.ts"],
    ]);
  });

  it("accepts marker variations (7±2 characters, lower case, trailing words)", () => {
    const out = parseModelOutput(`<kiln-edit path="a.ts">
<<<<<<<<< search
a
=====
b
>>>>> replace (end)
</kiln-edit>`);
    expect((out.operations[0] as Extract<Operation, { kind: "edit" }>).blocks).toEqual([{ search: "a", replace: "b" }]);
  });
});

describe("findPlaceholders", () => {
  it.each([
    "// ... existing code ...",
    "  // ...",
    "/* ... */",
    "{/* ... rest of the component */}",
    "// rest of the file remains the same",
    "// Keep existing imports",
    "// other routes unchanged",
    "    // existing code",
    "/* rest unchanged */",
    "// unchanged",
    "<!-- ... -->",
    "-- ... other tables ...",
    "…",
    "...",
  ])("flags %j", (line) => {
    expect(findPlaceholders(`const a = 1;\n${line}\nconst b = 2;`, "src/x.tsx")).toEqual([
      { line: 2, text: line.trim() },
    ]);
  });

  it.each([
    "const rest = { ...props };",
    "  ...rest,",
    "// Existing users keep their sessions.",
    "// Returns the input unchanged when it is empty.",
    "/** The rest of this module is pure functions. */",
    "return items.map((i) => ({ ...i }));",
    "--count;",
  ])("leaves real code and comments alone: %j", (line) => {
    expect(findPlaceholders(line, "src/x.ts")).toEqual([]);
  });

  it("exempts lines the file already had, and bare ellipses in prose files", () => {
    expect(findPlaceholders("a\n// ...\nb", "x.ts", "a\n// ...\nb")).toEqual([]);
    expect(findPlaceholders("Steps:\n...\nDone", "README.md")).toEqual([]);
  });
});

describe("applyOperations", () => {
  const edit = (path: string, ...blocks: [string, string][]): Operation => ({
    kind: "edit",
    path,
    blocks: blocks.map(([search, replace]) => ({ search, replace })),
    placeholders: [],
  });

  it("applies exact matches", () => {
    const r = applyOperations({ "src/Counter.tsx": FILE }, [
      edit("src/Counter.tsx", [
        "  const [count, setCount] = useState(0);",
        "  const [count, setCount] = useState(10);",
      ]),
    ]);
    expect(r.failures).toEqual([]);
    expect(r.applied).toEqual([{ kind: "edit", path: "src/Counter.tsx", levels: ["exact"] }]);
    expect(r.files["src/Counter.tsx"]).toBe(FILE.replace("useState(0)", "useState(10)"));
  });

  it("matches ignoring indentation and re-indents the replacement to the file", () => {
    const r = applyOperations({ "src/Counter.tsx": FILE }, [
      edit("src/Counter.tsx", [
        "<button onClick={() => setCount(count + 1)}>\n  Clicked {count} times\n</button>",
        "<button onClick={() => setCount(count + 1)}>\n  Clicked {count} times!\n</button>",
      ]),
    ]);
    expect(r.applied).toEqual([{ kind: "edit", path: "src/Counter.tsx", levels: ["trimmed"] }]);
    expect(r.files["src/Counter.tsx"]).toContain(
      "    <button onClick={() => setCount(count + 1)}>\n      Clicked {count} times!\n    </button>\n",
    );
  });

  it("matches after Unicode normalisation (smart quotes, dashes, no-break spaces)", () => {
    const file = `const label = "Don't stop — ever";\nexport default label;\n`;
    const r = applyOperations({ "a.ts": file }, [
      edit("a.ts", ["const label = \u201CDon\u2019t stop \u2014 ever\u201D;", `const label = "Keep going";`]),
    ]);
    expect(r.failures).toEqual([]);
    expect(r.applied).toEqual([{ kind: "edit", path: "a.ts", levels: ["normalized"] }]);
    expect(r.files["a.ts"]).toBe(`const label = "Keep going";\nexport default label;\n`);
  });

  it("fails an ambiguous block, naming the file and its first line", () => {
    const file = "let a = 0;\nreset();\nlet b = 0;\nreset();\n";
    const r = applyOperations({ "x.ts": file }, [edit("x.ts", ["reset();", "resetAll();"])]);
    expect(r.failures).toEqual([
      expect.objectContaining({ kind: "ambiguous", path: "x.ts", block: 0, firstLine: "reset();", matches: 2 }),
    ]);
    expect(r.failures[0]!.message).toContain('x.ts: SEARCH block 1 (starting "reset();") matches 2 places');
    expect(r.files).toEqual({ "x.ts": file });
  });

  it("is all or nothing: one failing block keeps every file as it was", () => {
    const files = { "src/Counter.tsx": FILE, "b.ts": "export const b = 1;\n" };
    const r = applyOperations(files, [
      { kind: "write", path: "src/New.tsx", content: "export const n = 1;\n", placeholders: [] },
      edit("b.ts", ["export const b = 1;", "export const b = 2;"]),
      edit(
        "src/Counter.tsx",
        ["const [count, setCount] = useState<number>(0);", "x"],
        ["Clicked {count} times", "Pressed {count} times"],
      ),
      { kind: "delete", path: "b.ts" },
    ]);
    expect(r.applied).toEqual([]);
    expect(r.files).toBe(files);
    expect(r.files).toEqual({ "src/Counter.tsx": FILE, "b.ts": "export const b = 1;\n" });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({
      kind: "not-found",
      path: "src/Counter.tsx",
      block: 0,
      nearest: { line: 4, text: "const [count, setCount] = useState(0);" },
    });
    expect(r.failures[0]!.message).toMatch(/Re-read the file and redo the block/);
  });

  it("refuses writes with placeholders (even when the parser's flag is missing) and empty writes", () => {
    const r = applyOperations({ "a.ts": "export const a = 1;\n" }, [
      { kind: "write", path: "a.ts", content: "export const a = 2;\n// ... existing code ...\n", placeholders: [] },
      { kind: "write", path: "b.ts", content: "\n", placeholders: [] },
    ]);
    expect(r.failures.map((f) => [f.kind, f.path])).toEqual([
      ["placeholder", "a.ts"],
      ["empty-write", "b.ts"],
    ]);
    expect(r.files).toEqual({ "a.ts": "export const a = 1;\n" });
  });

  it("refuses a REPLACE part with a placeholder, but not one the SEARCH part already had", () => {
    const file = "function f() {\n  // ...\n  return 1;\n}\n";
    const bad = applyOperations({ "f.ts": file }, [
      edit("f.ts", ["  return 1;", "  // ... rest of the code\n  return 2;"]),
    ]);
    expect(bad.failures.map((f) => f.kind)).toEqual(["placeholder"]);
    const ok = applyOperations({ "f.ts": file }, [edit("f.ts", ["  // ...\n  return 1;", "  // ...\n  return 2;"])]);
    expect(ok.failures).toEqual([]);
    expect(ok.files["f.ts"]).toBe("function f() {\n  // ...\n  return 2;\n}\n");
  });

  it("applies operations in order within a turn (an edit sees the earlier write)", () => {
    const r = applyOperations({}, [
      { kind: "write", path: "a.ts", content: "export const a = 1;\nexport const b = 1;\n", placeholders: [] },
      edit("a.ts", ["export const b = 1;", "export const b = 2;"]),
    ]);
    expect(r.files).toEqual({ "a.ts": "export const a = 1;\nexport const b = 2;\n" });
    expect(r.applied.map((a) => a.kind)).toEqual(["write", "edit"]);
  });

  it("editing a missing file fails with a hint to write it whole; deleting one is a no-op", () => {
    const r = applyOperations({}, [edit("nope.ts", ["a", "b"])]);
    expect(r.failures[0]).toMatchObject({ kind: "missing-file", path: "nope.ts" });
    expect(r.failures[0]!.message).toContain('<kiln-write path="nope.ts">');
    expect(applyOperations({}, [{ kind: "delete", path: "gone.ts" }]).applied).toEqual([
      { kind: "delete", path: "gone.ts", existed: false },
    ]);
  });

  it("refuses changes to read-only paths", () => {
    const r = applyOperations({ "package.json": "{}\n" }, [{ kind: "delete", path: "package.json" }], {
      readOnly: (p) => p === "package.json",
    });
    expect(r.failures).toEqual([expect.objectContaining({ kind: "read-only", path: "package.json" })]);
    expect(r.files).toEqual({ "package.json": "{}\n" });
  });

  it("does not match part of a line", () => {
    expect(applyBlock("const x = 10;\n", { search: "const x = 1", replace: "const x = 2" })).toEqual({
      ok: false,
      kind: "not-found",
      matches: 0,
    });
  });

  it("deletes lines with an empty REPLACE part", () => {
    expect(applyBlock("a\nb\nc\n", { search: "b", replace: "" })).toEqual({
      ok: true,
      content: "a\nc\n",
      level: "exact",
    });
  });
});

describe("joinContinuation", () => {
  const head = `<kiln-write path="a.ts">\nexport function a() {\n  return 1;\n}\nexport function b() {\n  return `;

  it("appends a continuation that starts at the next character", () => {
    const joined = joinContinuation(head, `2;\n}\n</kiln-write>\nDone.`);
    const out = parseModelOutput(joined);
    expect(out.truncated).toBe(false);
    expect(out.operations[0]).toMatchObject({
      path: "a.ts",
      content: "export function a() {\n  return 1;\n}\nexport function b() {\n  return 2;\n}\n",
    });
  });

  it("drops a restarted line", () => {
    const joined = joinContinuation(head, `  return 2;\n}\n</kiln-write>`);
    expect(joined).toContain("export function b() {\n  return 2;\n}\n</kiln-write>");
  });

  it("drops repeated whole lines", () => {
    const prev = `<kiln-write path="a.ts">\nexport const first = "one one one one";\nexport const second = "two two two two";\n`;
    const joined = joinContinuation(
      prev,
      `export const second = "two two two two";\nexport const third = 3;\n</kiln-write>`,
    );
    expect(parseModelOutput(joined).operations[0]).toMatchObject({
      content:
        'export const first = "one one one one";\nexport const second = "two two two two";\nexport const third = 3;\n',
    });
  });

  it("keeps a repeated short line that is real code (nested closing tags)", () => {
    const prev = `<kiln-write path="a.tsx">\n<div>\n  <div>\n    x\n  </div>\n`;
    const joined = joinContinuation(prev, `</div>\n</kiln-write>`);
    expect(parseModelOutput(joined).operations[0]).toMatchObject({
      content: "<div>\n  <div>\n    x\n  </div>\n</div>\n",
    });
  });

  it("uses the restarted file when the model starts the unfinished tag over", () => {
    const joined = joinContinuation(
      `Intro.\n${head}`,
      `Sorry, here is the whole file:\n<kiln-write path="a.ts">\nexport const all = true;\n</kiln-write>`,
    );
    const out = parseModelOutput(joined);
    expect(out.operations).toEqual([
      { kind: "write", path: "a.ts", content: "export const all = true;\n", placeholders: [] },
    ]);
  });
});
