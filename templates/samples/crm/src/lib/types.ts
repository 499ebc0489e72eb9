/** The CRM's records, as the API returns them (see worker/*.ts and migrations/). */

export interface Company {
  id: string;
  name: string;
  industry: string | null;
  website: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/** A company in the list, with its counts. */
export interface CompanySummary extends Company {
  contact_count: number;
  deal_count: number;
}

export interface Contact {
  id: string;
  company_id: string | null;
  company_name?: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export const DEAL_STAGES = ["lead", "qualified", "proposal", "negotiation", "won", "lost"] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export interface Deal {
  id: string;
  company_id: string;
  company_name?: string;
  title: string;
  /** Whole currency units. */
  amount: number;
  stage: DealStage;
  close_date: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface Dashboard {
  companies: number;
  contacts: number;
  deals: { total: number; open_count: number; open_amount: number; won_count: number; won_amount: number };
  by_stage: Array<{ stage: DealStage; count: number; amount: number }>;
  recent_deals: Deal[];
}
