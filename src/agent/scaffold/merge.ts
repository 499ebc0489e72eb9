/**
 * A plan change over an app that was changed after it was scaffolded (by a model, or by hand in the
 * code view): the new plan's scaffold merged three ways into the current files, so that work is
 * kept. `base` is the old plan's scaffold, `next` the new plan's, `current` the working copy.
 *
 * A file nobody changed since it was scaffolded becomes the new scaffold's; in a changed file, the
 * scaffold's own change (old plan → new plan) is applied as a patch; where the patch does not apply,
 * the current file stays and is named in `conflicts` (for the model to update, or for the reply to
 * say that the person's file was kept as it is).
 */
import { applyPatch, structuredPatch } from "diff";

export interface ScaffoldMerge {
  files: Record<string, string>;
  /** Changed files the new scaffold could not be merged into, sorted. */
  conflicts: string[];
}

const MIGRATION = /^migrations\/[^/]+\.sql$/;

export function mergeScaffold(
  base: Record<string, string>,
  next: Record<string, string>,
  current: Record<string, string>,
): ScaffoldMerge {
  const files = { ...current };
  const conflicts: string[] = [];
  for (const path of new Set([...Object.keys(base), ...Object.keys(next)])) {
    // Migrations: the new scaffold keeps every current one unchanged and adds one.
    if (MIGRATION.test(path)) {
      if (next[path] !== undefined) files[path] = next[path]!;
      continue;
    }
    const before = base[path];
    const theirs = next[path];
    const mine = current[path];
    if (before === theirs) continue; // the plan change does not touch it: keep what is there
    if (mine === before) {
      if (theirs === undefined) delete files[path];
      else files[path] = theirs;
      continue;
    }
    if (mine === undefined) continue; // deleted since: stays deleted
    const patched =
      before !== undefined && theirs !== undefined
        ? applyPatch(mine, structuredPatch(path, path, before, theirs))
        : false;
    if (patched === false) conflicts.push(path);
    else files[path] = patched;
  }
  return { files, conflicts: conflicts.sort() };
}

/** The app's migration files (path → SQL). */
export function migrationsOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([p]) => MIGRATION.test(p)));
}
