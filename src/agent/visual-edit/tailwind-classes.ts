import { z } from "@hono/zod-openapi";

/**
 * The visual editor's controls as Tailwind classes. Each control owns a group of utilities: setting
 * it removes the group's classes (unprefixed and responsive, e.g. `text-4xl sm:text-5xl`; state and
 * dark-mode variants such as `hover:` and `dark:` stay) and adds one class; null clears the group.
 */

const COLOR =
  /^(?:(?:slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose)-(?:50|[1-9]00|950)|white|black|transparent)$/;
const color = z
  .string()
  .regex(COLOR, { error: "a Tailwind colour such as emerald-600, white or black" })
  .nullable()
  .optional();
const SPACING = ["0", "0.5", "1", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10", "12", "16", "20", "24"] as const;
const SIZES = ["xs", "sm", "base", "lg", "xl", "2xl", "3xl", "4xl", "5xl", "6xl", "7xl", "8xl", "9xl"] as const;
const WEIGHTS = ["thin", "extralight", "light", "normal", "medium", "semibold", "bold", "extrabold", "black"] as const;
const RADII = ["none", "sm", "md", "lg", "xl", "2xl", "3xl", "full"] as const;
const ALIGNS = ["left", "center", "right", "justify"] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .enum(values, { error: `${what}: one of ${values.join(", ")}` })
    .nullable()
    .optional();

export const StyleChangeSchema = z
  .object({
    textColor: color,
    backgroundColor: color,
    fontSize: oneOf(SIZES, "fontSize"),
    fontWeight: oneOf(WEIGHTS, "fontWeight"),
    padding: oneOf(SPACING, "padding"),
    margin: oneOf(SPACING, "margin"),
    align: oneOf(ALIGNS, "align"),
    radius: oneOf(RADII, "radius"),
    hidden: z.boolean({ error: "hidden must be true or false" }).optional(),
  })
  .strict()
  .openapi("StyleChange");

export type StyleChange = z.infer<typeof StyleChangeSchema>;

const SIZE_RE = SIZES.join("|");
const COLOR_WORDS =
  "(?:slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose)-(?:50|[1-9]00|950)(?:/\\d+)?|white|black|transparent|inherit|current";

/** What each control removes (the utility without its variant prefix) and the class it adds. */
const GROUPS: { [K in keyof StyleChange]-?: { owns: RegExp; add: (v: NonNullable<StyleChange[K]>) => string | null } } =
  {
    textColor: { owns: new RegExp(`^text-(?:${COLOR_WORDS})$`), add: (v) => `text-${v}` },
    backgroundColor: { owns: new RegExp(`^bg-(?:${COLOR_WORDS})$`), add: (v) => `bg-${v}` },
    fontSize: { owns: new RegExp(`^text-(?:${SIZE_RE})(?:/\\S+)?$`), add: (v) => `text-${v}` },
    fontWeight: { owns: new RegExp(`^font-(?:${WEIGHTS.join("|")})$`), add: (v) => `font-${v}` },
    padding: { owns: /^p[xytrblse]?-/, add: (v) => `p-${v}` },
    margin: { owns: /^-?m[xytrblse]?-/, add: (v) => `m-${v}` },
    align: { owns: /^text-(?:left|center|right|justify|start|end)$/, add: (v) => `text-${v}` },
    radius: { owns: /^rounded(?:-|$)/, add: (v) => (v === "md" ? "rounded-md" : `rounded-${v}`) },
    hidden: { owns: /^hidden$/, add: (v) => (v ? "hidden" : null) },
  };

const RESPONSIVE = /^(?:(?:sm|md|lg|xl|2xl|max-sm|max-md|max-lg|max-xl|max-2xl):)+/;

/** The class list after the change; the order of the classes that stay is kept. */
export function applyStyle(className: string, change: StyleChange): string {
  let classes = className.split(/\s+/).filter(Boolean);
  for (const key of Object.keys(change) as (keyof StyleChange)[]) {
    const value = change[key];
    if (value === undefined) continue;
    const group = GROUPS[key] as { owns: RegExp; add: (v: unknown) => string | null };
    classes = classes.filter((c) => {
      const base = c.replace(RESPONSIVE, "");
      // Only unprefixed or responsive classes: `hover:text-x` or `dark:bg-y` are other states.
      if (base.includes(":")) return true;
      return !group.owns.test(base);
    });
    const added = value === null ? null : group.add(value);
    if (added) classes.push(added);
  }
  return classes.join(" ");
}
