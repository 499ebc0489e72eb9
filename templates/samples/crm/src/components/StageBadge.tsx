import type { DealStage } from "../lib/types";
import { Badge, type BadgeTone } from "./ui/badge";

export const STAGE_LABELS: Record<DealStage, string> = {
  lead: "Lead",
  qualified: "Qualified",
  proposal: "Proposal",
  negotiation: "Negotiation",
  won: "Won",
  lost: "Lost",
};

const STAGE_TONES: Record<DealStage, BadgeTone> = {
  lead: "neutral",
  qualified: "blue",
  proposal: "blue",
  negotiation: "amber",
  won: "green",
  lost: "red",
};

export function StageBadge({ stage }: { stage: DealStage }) {
  return <Badge tone={STAGE_TONES[stage]}>{STAGE_LABELS[stage]}</Badge>;
}
