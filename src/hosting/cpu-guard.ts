import { parse, type Node } from "acorn";
import { full, simple } from "acorn-walk";
import { ApiError } from "../errors";

/**
 * A CPU budget for app code that local workerd cannot enforce. On Cloudflare the Worker
 * Loader's `limits.cpuMs` stops a runaway request; locally every isolate shares one thread, so
 * one app's infinite loop would freeze the whole platform. Every loop of an app's server code
 * therefore calls a tick that counts iterations and throws once a request has used its budget.
 * The counter lives in a platform module that app code may not import (checked here, and
 * workerd forbids eval), so an app cannot reset its own budget.
 */

export const GUARD_MODULE = "__kiln_guard.js";
/** Loop iterations per millisecond of CPU budget: a tight loop runs ~2–5 × 10⁵ per ms here. */
const TICKS_PER_MS = 200_000;

type Span = { start: number; end: number };
interface LoopNode extends Node {
  body: Node;
}

/** Rewrites one JavaScript module so that each loop iteration spends budget. */
export function instrumentModule(name: string, source: string, type: "js" | "cjs"): string {
  let ast: Node;
  try {
    ast = parse(source, { ecmaVersion: "latest", sourceType: type === "js" ? "module" : "script", allowHashBang: true, locations: true, allowReturnOutsideFunction: type === "cjs" });
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number } };
    throw new ApiError(400, "module_invalid", `Module "${name}" does not parse: ${e.message}`, [
      { file: name, line: e.loc?.line ?? 0, column: (e.loc?.column ?? 0) + 1, message: e.message.replace(/ \(\d+:\d+\)$/, ""), code: "syntax", source: "esbuild" },
    ]);
  }

  const inserts: { at: number; text: string }[] = [];
  const forbid = (node: Span & { loc?: { start: { line: number } } | null }, why: string) => {
    throw new ApiError(400, "module_forbidden", `Module "${name}" line ${node.loc?.start.line ?? "?"}: ${why}`);
  };
  const checkSpecifier = (node: Node & { value?: unknown }) => {
    if (typeof node.value === "string" && /(^|\/)__kiln_/.test(node.value)) forbid(node, `"${node.value}" is a module of the Kiln platform and may not be imported.`);
  };
  const loop = (node: LoopNode) => {
    if (node.body.type === "BlockStatement") inserts.push({ at: node.body.start + 1, text: "__kiln_tick();" });
    else {
      inserts.push({ at: node.body.start, text: "{__kiln_tick();" });
      inserts.push({ at: node.body.end, text: "}" });
    }
  };
  simple(ast, {
    ForStatement: (n) => loop(n as unknown as LoopNode),
    ForInStatement: (n) => loop(n as unknown as LoopNode),
    ForOfStatement: (n) => loop(n as unknown as LoopNode),
    WhileStatement: (n) => loop(n as unknown as LoopNode),
    DoWhileStatement: (n) => loop(n as unknown as LoopNode),
    ImportDeclaration: (n) => checkSpecifier(n.source),
    ExportNamedDeclaration: (n) => n.source && checkSpecifier(n.source),
    ExportAllDeclaration: (n) => checkSpecifier(n.source),
    ImportExpression: (n) => {
      if (n.source.type !== "Literal") forbid(n, "import() must name its module with a plain string.");
      checkSpecifier(n.source);
    },
    CallExpression: (n) => {
      if (n.callee.type === "Identifier" && n.callee.name === "require") {
        const arg = n.arguments[0];
        if (!arg || arg.type !== "Literal") forbid(n, "require() must name its module with a plain string.");
        else checkSpecifier(arg);
      }
    },
  });
  // Names in every position (declarations and parameters too): shadowing __kiln_tick would unmeter loops.
  full(ast, (n) => {
    if (n.type === "Identifier" && (n as Node & { name: string }).name.startsWith("__kiln_")) forbid(n, `the name "${(n as Node & { name: string }).name}" is reserved by Kiln.`);
  });

  let out = source;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  // Module names resolve relative to the importing module, and the guard sits at the root.
  const depth = name.split("/").length - 1;
  const spec = depth > 0 ? `${"../".repeat(depth)}${GUARD_MODULE}` : `./${GUARD_MODULE}`;
  const header = type === "js" ? `import { tick as __kiln_tick } from "${spec}";\n` : `var __kiln_tick = require("${spec}").tick;\n`;
  // Keep a leading hashbang first; everything else keeps its line number +1.
  const bang = out.startsWith("#!") ? out.slice(0, out.indexOf("\n") + 1) : "";
  return bang + header + out.slice(bang.length);
}

/** The guard module itself, with the budget for this app. */
export function guardModuleSource(cpuMs: number): string {
  return `let used = 0;
const limit = ${Math.max(1, Math.round(cpuMs * TICKS_PER_MS))};
export class CpuBudgetExceeded extends Error {}
export function tick() {
  if (++used > limit) throw new CpuBudgetExceeded("Kiln stopped this request: it used more CPU time than an app may use per request.");
}
export function startRequest() { used = 0; }
`;
}
