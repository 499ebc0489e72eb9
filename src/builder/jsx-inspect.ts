// Finds one JSX element of an app's source by its source tag (file:line:column, as preview builds
// write them; see source-tags.ts) and says where its text and className literals are, or why they
// are not literals. It runs in the type-checker isolate, where TypeScript's parser is already
// loaded (typecheck-worker.ts): the platform never loads TypeScript. It only reads: the platform
// splices the new text into the spans it reports (src/agent/visual-edit/), so nothing else in a
// file can change.
import type * as TS from "typescript";

/** A place in the source, 1-based, as in a source tag. */
export interface SourceAt {
  file: string;
  line: number;
  column: number;
}

/**
 * A literal the platform may replace: [start, end) in `file`, written as JSX text, a JSX attribute
 * string (entities, no escapes) or a JavaScript string (escapes), with its quote character.
 */
export interface LiteralSpan {
  file: string;
  start: number;
  end: number;
  value: string;
  encoding: "jsx-text" | "jsx-attribute" | "js-string";
  quote?: string;
}

export type Editable = { editable: true; span: LiteralSpan; via?: string } | { editable: false; reason: string };

export type ClassNameInfo =
  | Editable
  /** No className yet: one may be inserted at `insertAt` (after the element's last attribute). */
  | { editable: true; insertAt: { file: string; at: number }; value: "" };

export interface ElementInfo {
  tag: string;
  file: string;
  line: number;
  column: number;
  /** The enclosing component (function) and the lines it spans. */
  component: { name: string; startLine: number; endLine: number } | null;
  text: Editable;
  className: ClassNameInfo;
}

export type InspectResult = { ok: true; element: ElementInfo } | { ok: false; reason: string };

type JsxOpening = TS.JsxOpeningElement | TS.JsxSelfClosingElement;

/** Decodes the HTML entities JSX text and attribute strings may hold. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    apos: "'",
    nbsp: "\u00a0",
    copy: "©",
    reg: "®",
    trade: "™",
    hellip: "…",
    mdash: "—",
    ndash: "–",
    middot: "·",
    bull: "•",
    lsquo: "‘",
    rsquo: "’",
    ldquo: "“",
    rdquo: "”",
    euro: "€",
    pound: "£",
    times: "×",
  };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[name] ?? whole;
  });
}

/** JSX text as React renders it: each line trimmed, blank lines dropped, line breaks become one space. */
function jsxTextValue(raw: string): string {
  return decodeEntities(
    raw
      .split(/\r\n|\n|\r/)
      .map((l) => l.trim())
      .filter(Boolean)
      .join(" "),
  );
}

export function inspectElement(
  ts: typeof TS,
  files: Record<string, string>,
  at: SourceAt,
  callers: SourceAt[] = [],
): InspectResult {
  const found = findElement(ts, files, at);
  if ("reason" in found) return { ok: false, reason: found.reason };
  const { sf, opening, element } = found;
  const tag = opening.tagName.getText(sf);
  const fn = enclosingComponent(ts, element);
  const component = fn
    ? {
        name: fn.name,
        startLine: sf.getLineAndCharacterOfPosition(fn.node.getStart(sf)).line + 1,
        endLine: sf.getLineAndCharacterOfPosition(fn.node.getEnd()).line + 1,
      }
    : null;
  return {
    ok: true,
    element: {
      tag,
      file: at.file,
      line: at.line,
      column: at.column,
      component,
      text: textOf(ts, files, at.file, sf, element, fn, callers),
      className: classNameOf(ts, at.file, sf, opening),
    },
  };
}

function parse(ts: typeof TS, files: Record<string, string>, file: string): TS.SourceFile | null {
  const text = files[file];
  if (text === undefined) return null;
  const kind = file.endsWith(".tsx")
    ? ts.ScriptKind.TSX
    : file.endsWith(".jsx")
      ? ts.ScriptKind.JSX
      : ts.ScriptKind.TSX;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
}

function findElement(
  ts: typeof TS,
  files: Record<string, string>,
  at: SourceAt,
): { sf: TS.SourceFile; opening: JsxOpening; element: TS.JsxElement | TS.JsxSelfClosingElement } | { reason: string } {
  const sf = parse(ts, files, at.file);
  if (!sf) return { reason: `${at.file} is not a file of this project (it may have been renamed or deleted).` };
  const lines = sf.getLineStarts();
  if (at.line < 1 || at.line > lines.length)
    return { reason: `${at.file} has no line ${at.line}: the file changed since the preview was built.` };
  const pos = sf.getPositionOfLineAndCharacter(at.line - 1, at.column - 1);
  let hit: TS.JsxElement | TS.JsxSelfClosingElement | null = null;
  const visit = (node: TS.Node): void => {
    if (hit || pos < node.getFullStart() || pos >= node.getEnd()) return;
    if ((ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node)) && node.getStart(sf) === pos) {
      hit = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!hit)
    return {
      reason: `There is no JSX element at ${at.file}:${at.line}:${at.column}: the file changed since the preview was built. Wait for the preview to reload and select the element again.`,
    };
  const element = hit as TS.JsxElement | TS.JsxSelfClosingElement;
  return { sf, opening: ts.isJsxElement(element) ? element.openingElement : element, element };
}

interface Component {
  name: string;
  node: TS.Node;
  params: readonly TS.ParameterDeclaration[];
}

/** The nearest enclosing function with a capitalised name (a component). */
function enclosingComponent(ts: typeof TS, node: TS.Node): Component | null {
  for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name && /^[A-Z]/.test(n.name.text))
      return { name: n.name.text, node: n, params: n.parameters };
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent)) {
      const name = n.parent.name;
      if (ts.isIdentifier(name) && /^[A-Z]/.test(name.text))
        return { name: name.text, node: n.parent, params: n.parameters };
    }
  }
  return null;
}

/** The string literal an attribute's initializer is, if it is one. */
function literalOf(
  ts: typeof TS,
  file: string,
  sf: TS.SourceFile,
  init: TS.JsxAttributeValue | undefined,
): LiteralSpan | null {
  if (!init) return null;
  if (ts.isStringLiteral(init)) {
    return {
      file,
      start: init.getStart(sf) + 1,
      end: init.getEnd() - 1,
      value: decodeEntities(init.text),
      encoding: "jsx-attribute",
      quote: sf.text[init.getStart(sf)]!,
    };
  }
  if (ts.isJsxExpression(init) && init.expression) {
    const e = init.expression;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      return {
        file,
        start: e.getStart(sf) + 1,
        end: e.getEnd() - 1,
        value: e.text,
        encoding: "js-string",
        quote: sf.text[e.getStart(sf)]!,
      };
    }
  }
  return null;
}

function describeExpression(ts: typeof TS, sf: TS.SourceFile, e: TS.Expression): string {
  const text = e.getText(sf).replace(/\s+/g, " ");
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  if (ts.isTemplateExpression(e)) return `a template literal with parts (${short})`;
  if (ts.isCallExpression(e)) return `a function call (${short})`;
  if (ts.isConditionalExpression(e) || ts.isBinaryExpression(e)) return `an expression (${short})`;
  return `{${short}}`;
}

function classNameOf(ts: typeof TS, file: string, sf: TS.SourceFile, opening: JsxOpening): ClassNameInfo {
  const attrs = opening.attributes.properties;
  const attr = attrs.find((a): a is TS.JsxAttribute => ts.isJsxAttribute(a) && a.name.getText(sf) === "className");
  if (!attr) {
    return { editable: true, insertAt: { file, at: opening.attributes.getEnd() }, value: "" };
  }
  const span = literalOf(ts, file, sf, attr.initializer);
  if (span) return { editable: true, span };
  const init = attr.initializer;
  const expr = init && ts.isJsxExpression(init) ? init.expression : undefined;
  return {
    editable: false,
    reason: `Its classes are not a literal in the source: className is ${expr ? describeExpression(ts, sf, expr) : "empty"} at ${file}:${sf.getLineAndCharacterOfPosition(attr.getStart(sf)).line + 1}. Edit that in the code, or ask the chat.`,
  };
}

function textOf(
  ts: typeof TS,
  files: Record<string, string>,
  file: string,
  sf: TS.SourceFile,
  element: TS.JsxElement | TS.JsxSelfClosingElement,
  fn: Component | null,
  callers: SourceAt[],
): Editable {
  if (ts.isJsxSelfClosingElement(element)) return { editable: false, reason: "It has no text of its own." };
  const children = element.children.filter((c) => !(ts.isJsxText(c) && c.containsOnlyTriviaWhiteSpaces));
  if (children.length === 0) return { editable: false, reason: "It has no text of its own." };
  if (children.length > 1)
    return {
      editable: false,
      reason:
        "Its content mixes text with other elements or expressions; select the innermost element holding the text, or edit it in the code.",
    };
  const child = children[0]!;
  if (ts.isJsxText(child)) {
    const raw = child.text;
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    const start = child.pos + lead; // JSX text has no trivia: pos is where its raw text starts
    const end = child.getEnd() - trail;
    return {
      editable: true,
      span: { file, start, end, value: jsxTextValue(raw.trim()), encoding: "jsx-text" },
    };
  }
  if (ts.isJsxExpression(child) && child.expression) {
    const e = child.expression;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))
      return {
        editable: true,
        span: {
          file,
          start: e.getStart(sf) + 1,
          end: e.getEnd() - 1,
          value: e.text,
          encoding: "js-string",
          quote: sf.text[e.getStart(sf)]!,
        },
      };
    // {title} where title is a prop of the component: the literal may be where the component is used.
    const prop = propName(ts, e, fn);
    if (prop && fn) {
      const via = literalPropAt(ts, files, callers, fn.name, prop);
      if (via && "span" in via) return { editable: true, span: via.span, via: `the ${prop} prop of ${fn.name}` };
      return {
        editable: false,
        reason: `Its text comes from {${e.getText(sf)}}, the ${prop} prop of ${fn.name}, ${via ? via.reason : "and where it is used is not known"}.`,
      };
    }
    return {
      editable: false,
      reason: `Its text is not a literal in the source: it comes from ${describeExpression(ts, sf, e)}, i.e. from data or code. Change it there.`,
    };
  }
  return { editable: false, reason: "Its content is another element; select that one instead." };
}

/** `title` or `props.title` when that is a parameter (destructured or not) of the component. */
function propName(ts: typeof TS, e: TS.Expression, fn: Component | null): string | null {
  const first = fn?.params[0];
  if (!first) return null;
  if (ts.isIdentifier(e) && ts.isObjectBindingPattern(first.name)) {
    for (const el of first.name.elements) {
      const local = ts.isIdentifier(el.name) ? el.name.text : null;
      const key = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : local;
      if (local === e.text && !el.dotDotDotToken) return key;
    }
  }
  if (
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    ts.isIdentifier(first.name) &&
    e.expression.text === first.name.text
  )
    return e.name.text;
  return null;
}

/**
 * The literal value of `prop` on the use of `component` that rendered the element: the first of
 * `callers` (the source tags of the components above it, nearest first) that is a use of it.
 */
function literalPropAt(
  ts: typeof TS,
  files: Record<string, string>,
  callers: SourceAt[],
  component: string,
  prop: string,
): { span: LiteralSpan } | { reason: string } | null {
  for (const caller of callers) {
    const found = findElement(ts, files, caller);
    if ("reason" in found) continue;
    const tag = found.opening.tagName.getText(found.sf);
    if (tag === component || tag.endsWith(`.${component}`))
      return literalProp(ts, found.sf, found.opening, caller, prop);
  }
  return null;
}

function literalProp(
  ts: typeof TS,
  sf: TS.SourceFile,
  opening: JsxOpening,
  caller: SourceAt,
  prop: string,
): { span: LiteralSpan } | { reason: string } {
  const attr = opening.attributes.properties.find(
    (a): a is TS.JsxAttribute => ts.isJsxAttribute(a) && a.name.getText(sf) === prop,
  );
  const where = `${caller.file}:${caller.line}`;
  if (!attr) return { reason: `which ${where} does not set as a literal` };
  const span = literalOf(ts, caller.file, sf, attr.initializer);
  if (span) return { span };
  const init = attr.initializer;
  const expr = init && ts.isJsxExpression(init) ? init.expression : undefined;
  return {
    reason: `which ${where} sets to ${expr ? describeExpression(ts, sf, expr) : "nothing"}, not a literal: change it there`,
  };
}
