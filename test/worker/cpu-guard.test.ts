import { describe, expect, it } from "vitest";
import { instrumentModule } from "../../src/hosting/cpu-guard";

describe("CPU guard instrumentation", () => {
  it("meters every kind of loop, braced or not, and keeps the code working", () => {
    const out = instrumentModule("a.js", "let n = 0;\nfor (let i = 0; i < 3; i++) n++;\nwhile (n < 5) { n++ }\ndo n++; while (n < 7)\nfor (const x of [1]) n += x;\nfor (const k in {a: 1}) n++;\nexport default n;", "js");
    expect(out.match(/__kiln_tick\(\)/g)).toHaveLength(5);
    expect(out.startsWith('import { tick as __kiln_tick } from "./__kiln_guard.js";\n')).toBe(true);
    expect(instrumentModule("vendor/hono/x.js", "export {}", "js")).toContain('from "../../__kiln_guard.js"');
    expect(out).toContain("for (let i = 0; i < 3; i++) {__kiln_tick();n++;}");
  });

  it("refuses code that reaches for the guard or hides what it imports", () => {
    const refuse = (src: string, type: "js" | "cjs" = "js") => {
      try {
        instrumentModule("evil.js", src, type);
        return null;
      } catch (err) {
        return (err as { code: string; message: string });
      }
    };
    expect(refuse('import { startRequest } from "__kiln_guard.js";')?.code).toBe("module_forbidden");
    expect(refuse('export { startRequest } from "../__kiln_guard.js";')?.code).toBe("module_forbidden");
    expect(refuse('const m = "./x.js"; await import(m);')?.message).toMatch(/plain string/);
    expect(refuse('require("__kiln_" + "guard.js")', "cjs")?.message).toMatch(/plain string/);
    expect(refuse("function f(__kiln_tick) { while (true) {} }")?.message).toMatch(/reserved/);
    const syntax = refuse("export default {\n  fetch( {\n}");
    expect(syntax).toMatchObject({ code: "module_invalid" });
    expect((syntax as any).details[0]).toMatchObject({ file: "evil.js", line: 3, source: "esbuild" });
    expect(refuse('import x from "./ok.js"; export default x;')).toBeNull();
  });
});
