/**
 * What a generation remembers between messages (kept in the project's agent): the app's plan, a
 * change waiting for a yes, a plan waiting for approval, and the plan of each generated version.
 */
import type { Plan } from "../plan/schema";
import type { PlanRenames } from "../plan/diff";
import { migrationsOf } from "../scaffold/merge";

export interface GenerationMemory {
  plan: Plan | null;
  /** A plan change that would delete data, waiting for the person's yes. */
  pending: { plan: Plan; renames?: PlanRenames; summary: string } | null;
  /**
   * The plan of each generated version, by a fingerprint of its migrations, so that when the
   * working copy becomes an earlier version's sources (a rebuild from a base version, a reset),
   * the next message starts from that version's plan and not the latest one.
   */
  plans?: Record<string, Plan> | null;
  /** In "plan first" mode: a plan shown to the person, waiting for their approval (or edits). */
  proposal?: Proposal | null;
}

export interface Proposal {
  /** A new app, or a change to the current app's plan. */
  kind: "new" | "change";
  plan: Plan;
  summary: string;
  /** What the person asked for; the version records it as its prompt. */
  message: string;
  renames?: PlanRenames;
}

/** Plans remembered per migrations fingerprint (the most recent ones). */
const MAX_REMEMBERED_PLANS = 20;

/** The working copy may be an earlier version's (rebuilt from a base version): its plan, then. */
export function planOfWorkingCopy(memory: GenerationMemory, current: Record<string, string>): void {
  const known = memory.plans?.[migrationsFingerprint(current)];
  if (known && memory.plan && JSON.stringify(known) !== JSON.stringify(memory.plan)) {
    memory.plan = known;
    memory.pending = null;
  }
}

/** `plan` is the app's now, and the plan of the version made of `files`. */
export function rememberPlan(memory: GenerationMemory, files: Record<string, string>, plan: Plan): void {
  memory.plan = plan;
  const fingerprint = migrationsFingerprint(files);
  const plans = Object.entries(memory.plans ?? {}).filter(([key]) => key !== fingerprint);
  memory.plans = Object.fromEntries([...plans, [fingerprint, plan] as const].slice(-MAX_REMEMBERED_PLANS));
}

/**
 * The app's migrations (names and SQL), hashed: which schema, and so which plan, a set of files has.
 * A site's plan is in its words (src/content.ts), which count too: every version of a site has the
 * same migrations.
 */
function migrationsFingerprint(files: Record<string, string>): string {
  const content = files["src/content.ts"];
  const text = Object.entries({
    ...migrationsOf(files),
    ...(content !== undefined ? { "src/content.ts": content } : {}),
  })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, sql]) => `${path}\0${sql}`)
    .join("\0");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(36)}`;
}
