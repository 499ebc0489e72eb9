/**
 * Planning a new app from what the person wrote, with no model: a data app (planFromDescription),
 * a content site, or a plain reply when the request needs logic only a model can write.
 * For now every request becomes a data app; telling the three apart comes next (issue 12).
 */
import { planFromDescription } from "./heuristic";
import type { Plan } from "./types";

export type PlanRequestResult = { kind: "app"; plan: Plan } | { kind: "reply"; reply: string; reason: string };

export function planRequest(text: string): PlanRequestResult {
  return { kind: "app", plan: planFromDescription(text) };
}
