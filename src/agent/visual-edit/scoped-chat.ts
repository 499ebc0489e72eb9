// A chat message about an element picked in the preview. Offline, plain edits that name it
// ("make this green", "rename this to Clients", "make it bigger", "hide this") go through the
// visual-edit machinery; with a model, the message is prefixed with the element's file, location
// and surrounding component, so the model starts from the right place.
import type { ElementInfo } from "../../builder/jsx-inspect";
import { ApiError } from "../../errors";
import { readAllFiles } from "../../store/sources";
import { GenerationError, type GenerationOutcome, type Run } from "../generation/run";
import { applyVisualEdit, inspectIn, type ElementRef, type VisualEdit } from "./index";
import type { StyleChange } from "./tailwind-classes";

const HUES =
  "slate|gray|grey|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose|white|black";
const SIZES = ["xs", "sm", "base", "lg", "xl", "2xl", "3xl", "4xl", "5xl", "6xl", "7xl", "8xl", "9xl"] as const;
const SPACES = ["0", "1", "2", "3", "4", "5", "6", "8", "10", "12", "16", "20", "24"] as const;

const colour = (word: string, shade: string) => {
  const hue = word === "grey" ? "gray" : word;
  return hue === "white" || hue === "black" ? hue : `${hue}-${shade}`;
};

/** One step along a scale from the element's current class of that kind (or from `start`). */
function step<T extends string>(scale: readonly T[], classes: string[], prefix: RegExp, start: T, by: number): T {
  const now = classes.map((c) => c.match(prefix)?.[1]).find((v): v is T => !!v && scale.includes(v as T)) ?? start;
  const i = Math.min(Math.max(scale.indexOf(now) + by, 0), scale.length - 1);
  return scale[i]!;
}

/**
 * The visual edit a plain message asks of the selected element, or null when it asks for
 * something else (which then goes to the ordinary generation).
 */
export function scopedEdit(message: string, info: ElementInfo): Omit<VisualEdit, "element"> | null {
  const m = message.trim().replace(/[.!]+$/, "");
  const it = "(?:this|it|the (?:text|heading|title|label|button|element|link))";
  const rename = new RegExp(
    `^(?:please\\s+)?(?:rename ${it} to|change (?:the )?text (?:of ${it} )?to|change ${it} to say|make ${it} say|call ${it}|set (?:the )?text to|(?:it )?should say)\\s+(.+)$`,
    "i",
  ).exec(m);
  if (rename) return { text: rename[1]!.trim().replace(/^["“'‘](.*)["”'’]$/, "$1") };

  const classes = info.className.editable && "span" in info.className ? info.className.span.value.split(/\s+/) : [];
  const style: StyleChange = {};
  const lower = ` ${m.toLowerCase()} `;
  const bg = new RegExp(
    `\\b(?:background|bg)(?: colou?r)?(?: (?:to|of))? (?:a |an )?(?:light |dark )?(${HUES})\\b|\\b(${HUES}) background\\b`,
  ).exec(lower);
  if (bg) {
    const word = bg[1] ?? bg[2]!;
    style.backgroundColor = colour(word, /\blight\b/.test(lower) ? "100" : /\bdark\b/.test(lower) ? "900" : "500");
  }
  const text = new RegExp(`\\b(?:make|turn|colou?r|paint|set)\\b[^.]*?\\b(?:light |dark )?(${HUES})\\b`).exec(
    bg ? lower.replace(bg[0], " ") : lower,
  );
  if (text)
    style.textColor = colour(text[1]!, /\blight\b/.test(lower) ? "400" : /\bdark\b/.test(lower) ? "800" : "600");
  if (/\b(bigger|larger|grow)\b/.test(lower)) style.fontSize = step(SIZES, classes, /^text-(\w+)$/, "base", 1);
  if (/\b(smaller|shrink)\b/.test(lower)) style.fontSize = step(SIZES, classes, /^text-(\w+)$/, "base", -1);
  if (/\b(much|a lot) (bigger|larger)\b/.test(lower)) style.fontSize = step(SIZES, classes, /^text-(\w+)$/, "base", 2);
  if (/\b(not bold|unbold|normal weight|regular weight)\b/.test(lower)) style.fontWeight = "normal";
  else if (/\bbold(er)?\b/.test(lower)) style.fontWeight = "bold";
  if (/\bcent(er|re)(ed)?\b/.test(lower)) style.align = "center";
  else if (/\balign(ed)? (it |this )?(to the )?left\b|\bleft[- ]align/.test(lower)) style.align = "left";
  else if (/\balign(ed)? (it |this )?(to the )?right\b|\bright[- ]align/.test(lower)) style.align = "right";
  if (/\bround(ed)?( the)? corners\b|\bround (it|this)\b|\bmake (it|this) round(ed)?\b/.test(lower))
    style.radius = "lg";
  if (/\bsquare corners\b|\bno (rounded|round) corners\b/.test(lower)) style.radius = "none";
  if (/\bmore (padding|space|spacing|room)\b/.test(lower)) style.padding = step(SPACES, classes, /^p-(\S+)$/, "2", 2);
  if (/\bless (padding|space|spacing|room)\b/.test(lower)) style.padding = step(SPACES, classes, /^p-(\S+)$/, "4", -2);
  if (/^(?:please\s+)?(?:hide|remove) (?:this|it)\b/i.test(m)) style.hidden = true;
  if (/^(?:please\s+)?(?:show|unhide) (?:this|it)\b/i.test(m)) style.hidden = false;
  return Object.keys(style).length ? { style } : null;
}

/** The message with the element's place and its component's source first, for the model. */
export function withElementContext(message: string, info: ElementInfo, source: string): string {
  const lines = source.split("\n");
  const from = info.component?.startLine ?? Math.max(info.line - 20, 1);
  const to = info.component?.endLine ?? Math.min(info.line + 20, lines.length);
  const excerpt = lines
    .slice(from - 1, Math.min(to, from + 199))
    .map((l, i) => `${String(from + i).padStart(4)}  ${l}`)
    .join("\n");
  return [
    `This request is about one element the person selected in the preview: the <${info.tag}> at ${info.file}:${info.line}:${info.column}` +
      (info.component ? `, in the component ${info.component.name} (lines ${from}–${to}):` : ":"),
    "```tsx",
    excerpt,
    "```",
    "Change that element (and only what the request needs). The request:",
    message,
  ].join("\n");
}

/**
 * Runs a chat message about a selected element. Offline, a plain edit is applied and deployed
 * here (the run's deploy phase) and the outcome returned; otherwise the message to generate
 * from is returned (with the element's context when a model will read it).
 */
export async function scopedRun(
  run: Run,
  element: ElementRef,
): Promise<{ outcome: GenerationOutcome } | { message: string }> {
  const { io } = run;
  const files = await readAllFiles(io.env.DB, io.env.CODE, io.project.id);
  let info: ElementInfo;
  try {
    info = await inspectIn(io.env, files, element);
  } catch (err) {
    if (err instanceof ApiError) throw new GenerationError(err.code, err.message);
    throw err;
  }
  if (io.model) return { message: withElementContext(run.message, info, files[info.file] ?? "") };
  const edit = scopedEdit(run.message, info);
  if (!edit) return { message: run.message };
  const result = await run.phase("deploy", async () => {
    try {
      return await applyVisualEdit(io.env, io.exports, io.project, {
        element,
        ...edit,
        userId: io.userId,
        origin: io.origin,
      });
    } catch (err) {
      if (err instanceof ApiError) throw new GenerationError(err.code, err.message);
      throw err;
    }
  });
  const what = [
    edit.text !== undefined ? `its text to "${edit.text}"` : null,
    ...Object.entries(edit.style ?? {}).map(([k, v]) => `${k} to ${String(v)}`),
  ].filter(Boolean);
  return {
    outcome: {
      versionId: result.versionId,
      previewUrl: result.previewUrl,
      reply: `Changed the <${info.tag}>${info.component ? ` in ${info.component.name}` : ""} (${Object.keys(result.changed).join(", ")}): ${what.join(", ")}.`,
      metrics: run.metrics,
    },
  };
}
