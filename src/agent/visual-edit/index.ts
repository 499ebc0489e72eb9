// Visual edits: an element picked in the preview (by its source tag, builder/source-tags.ts) gets
// new text or new Tailwind classes without a model. TypeScript's parser (in the type-checker's
// isolate) says where the element's text and className literals are; only those spans change,
// and the result is built and deployed as a version like any other.
import { z } from "@hono/zod-openapi";
import type { ElementInfo, LiteralSpan, SourceAt } from "../../builder/jsx-inspect";
import { inspectJsx } from "../../builder/typecheck";
import type { Env } from "../../env";
import { ApiError } from "../../errors";
import type { ProjectRow } from "../../store/projects";
import { readAllFiles, writeFiles } from "../../store/sources";
import { buildAndDeploy } from "../deploy-build";
import { applySplices, encodeLiteral, type Splice } from "./splice";
import { StyleChangeSchema, applyStyle, type StyleChange } from "./tailwind-classes";

export { StyleChangeSchema, type StyleChange };

const SRC = /^([^\s:][^:]*):(\d+):(\d+)$/;
const src = (what: string) =>
  z
    .string({ error: `${what}: the element's source tag, "<file>:<line>:<column>"` })
    .regex(SRC, { error: `${what}: the element's source tag, "<file>:<line>:<column>" (e.g. src/App.tsx:12:7)` });

export const ElementRefSchema = z
  .object({
    src: src("element.src").openapi({ example: "src/pages/HomePage.tsx:14:7" }),
    callers: z
      .array(src("element.callers[]"), { error: "element.callers: a list of source tags" })
      .max(30, { error: "element.callers: at most 30" })
      .optional()
      .openapi({
        description:
          "The source tags of the components' uses above it, nearest first (a prop's literal text is edited where it is written)",
      }),
  })
  .openapi("ElementRef");
export type ElementRef = z.infer<typeof ElementRefSchema>;

export const VisualEditSchema = z
  .object({
    element: ElementRefSchema,
    text: z
      .string({ error: "text must be a string" })
      .max(2000, { error: "text must be at most 2,000 characters" })
      .optional()
      .openapi({ description: "The element's new text" }),
    style: StyleChangeSchema.optional(),
  })
  .openapi("VisualEdit");
export type VisualEdit = z.infer<typeof VisualEditSchema>;

export function parseSrc(tag: string): SourceAt {
  const m = SRC.exec(tag);
  if (!m)
    throw new ApiError(400, "invalid_request", `"${tag.slice(0, 200)}" is not a source tag "<file>:<line>:<column>".`);
  return { file: m[1]!, line: Number(m[2]), column: Number(m[3]) };
}

/** The element in the given files, or a 422 that says why it cannot be found. */
export async function inspectIn(env: Env, files: Record<string, string>, ref: ElementRef): Promise<ElementInfo> {
  const at = parseSrc(ref.src);
  const callers = (ref.callers ?? []).map(parseSrc);
  const wanted: Record<string, string> = {};
  for (const p of [at.file, ...callers.map((c) => c.file)]) if (files[p] !== undefined) wanted[p] = files[p]!;
  const result = await inspectJsx(env.LOADER, wanted, at, callers);
  if (!result.ok) throw new ApiError(422, "element_not_found", result.reason);
  return result.element;
}

export async function inspectElementOf(env: Env, projectId: string, ref: ElementRef): Promise<ElementInfo> {
  return inspectIn(env, await readAllFiles(env.DB, env.CODE, projectId), ref);
}

/** The splices an edit makes, or a 422 naming what is not a literal. */
export function planEdit(info: ElementInfo, edit: Pick<VisualEdit, "text" | "style">): Splice[] {
  const splices: Splice[] = [];
  if (edit.text !== undefined) {
    if (!info.text.editable)
      throw new ApiError(
        422,
        "not_a_literal",
        `The text of this <${info.tag}> cannot be edited here. ${info.text.reason}`,
      );
    const text = edit.text.replace(/\s*[\r\n]+\s*/g, " ").trim();
    if (!text)
      throw new ApiError(400, "invalid_request", "text: must not be empty; to hide the element, set style.hidden.");
    const span: LiteralSpan = info.text.span;
    splices.push({ file: span.file, start: span.start, end: span.end, text: encodeLiteral(span, text) });
  }
  if (edit.style && Object.values(edit.style).some((v) => v !== undefined)) {
    const cls = info.className;
    if (!cls.editable)
      throw new ApiError(
        422,
        "not_a_literal",
        `The classes of this <${info.tag}> cannot be edited here. ${cls.reason}`,
      );
    if ("insertAt" in cls) {
      const next = applyStyle("", edit.style);
      if (next)
        splices.push({
          file: cls.insertAt.file,
          start: cls.insertAt.at,
          end: cls.insertAt.at,
          text: ` className="${next}"`,
        });
    } else {
      const next = applyStyle(cls.span.value, edit.style);
      splices.push({
        file: cls.span.file,
        start: cls.span.start,
        end: cls.span.end,
        text: encodeLiteral(cls.span, next),
      });
    }
  }
  return splices;
}

function describe(info: ElementInfo, edit: VisualEdit): string {
  const parts: string[] = [];
  if (edit.text !== undefined) parts.push(`text "${edit.text.slice(0, 80)}"`);
  for (const [k, v] of Object.entries(edit.style ?? {}))
    if (v !== undefined) parts.push(`${k} ${v === null ? "cleared" : v}`);
  return `Visual edit of <${info.tag}> in ${info.file}:${info.line}: ${parts.join(", ")}`;
}

export interface VisualEditResult {
  versionId: string;
  previewUrl: string | null;
  /** The files that changed, with their new text. */
  changed: Record<string, string>;
  element: ElementInfo;
}

/**
 * Applies one batch of edits to the working copy, builds it and deploys it as a new version. A
 * build that fails puts the files back as they were (nothing half-applied stays behind).
 * Called inside the project's agent, so it never interleaves with a generation or another build.
 */
export async function applyVisualEdit(
  env: Env,
  exports: Cloudflare.Exports,
  project: ProjectRow,
  input: VisualEdit & { userId: string; origin: string },
): Promise<VisualEditResult> {
  if (input.text === undefined && !(input.style && Object.values(input.style).some((v) => v !== undefined)))
    throw new ApiError(400, "invalid_request", "Nothing to change: send text, style, or both.");
  const files = await readAllFiles(env.DB, env.CODE, project.id);
  const info = await inspectIn(env, files, input.element);
  const changed = applySplices(files, planEdit(info, input));
  for (const [path, text] of Object.entries(changed)) if (files[path] === text) delete changed[path];
  if (Object.keys(changed).length === 0)
    throw new ApiError(409, "no_change", `This <${info.tag}> already looks like that; nothing was changed.`);

  await writeFiles(env.DB, env.CODE, project.id, changed);
  const result = await buildAndDeploy(env, exports, project, {
    userId: input.userId,
    origin: input.origin,
    source: "visual-edit",
    prompt: describe(info, input),
  }).catch(async (err: unknown) => {
    await writeFiles(env.DB, env.CODE, project.id, pick(files, Object.keys(changed)));
    throw err;
  });
  if (!result.ok) {
    await writeFiles(env.DB, env.CODE, project.id, pick(files, Object.keys(changed)));
    const first = result.diagnostics.find((d) => d.severity === "error");
    throw new ApiError(
      422,
      "build_failed",
      `The edited app did not build${first ? `: ${first.file}:${first.line} ${first.message}` : ""}. The files were put back as they were.`,
      result.diagnostics.filter((d) => d.severity === "error"),
    );
  }
  return { versionId: result.versionId, previewUrl: result.previewUrl, changed, element: info };
}

function pick(files: Record<string, string>, paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((p) => [p, files[p]!]));
}
