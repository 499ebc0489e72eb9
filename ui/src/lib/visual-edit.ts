// Visual edits of an element picked in the preview: the shapes of POST /api/projects/:id/visual-edits
// (README: Builder API) and the choices the editor offers, which map to Tailwind classes on the server.
import type { StyleChange } from "../../../src/agent/visual-edit/tailwind-classes";
export type { StyleChange };

/** What the preview's select script reports for a click (src/hosting/serving/preview/select.ts). */
export interface SelectedElement {
  src: string;
  callers: string[];
  tag: string;
  text: string;
  classes: string[];
}

export interface ElementRef {
  src: string;
  callers?: string[];
}

type Literal = { editable: true; value: string; file: string; via?: string } | { editable: false; reason: string };

export interface ElementInfo {
  tag: string;
  file: string;
  line: number;
  column: number;
  component: { name: string; startLine: number; endLine: number } | null;
  text: Literal;
  className: Literal;
}

export interface VisualEdit {
  element: ElementRef;
  text?: string;
  style?: StyleChange;
}

export interface VisualEditResult {
  versionId: string;
  previewUrl: string | null;
  files: string[];
  element: ElementInfo;
}

export const refOf = (el: SelectedElement): ElementRef => ({
  src: el.src,
  ...(el.callers.length ? { callers: el.callers } : {}),
});

const HUES = [
  "zinc",
  "red",
  "orange",
  "amber",
  "green",
  "emerald",
  "teal",
  "sky",
  "blue",
  "indigo",
  "violet",
  "pink",
  "rose",
];
/** Colours offered: white, black and each hue at 100, 500, 600 and 900. */
export const COLORS = ["white", "black", ...HUES.flatMap((h) => [`${h}-100`, `${h}-500`, `${h}-600`, `${h}-900`])];
export const FONT_SIZES = ["xs", "sm", "base", "lg", "xl", "2xl", "3xl", "4xl", "5xl", "6xl"] as const;
export const FONT_WEIGHTS = ["light", "normal", "medium", "semibold", "bold", "extrabold"] as const;
export const SPACINGS = ["0", "1", "2", "3", "4", "6", "8", "12", "16"] as const;
export const ALIGNS = ["left", "center", "right", "justify"] as const;
export const RADII = ["none", "sm", "md", "lg", "xl", "2xl", "full"] as const;
