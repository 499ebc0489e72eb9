import { Hono } from "hono";
import { requireAuth } from "./auth";
import { ownsCompany } from "./companies";
import type { AppEnv } from "./env";
import { badRequest, notFound } from "./errors";
import { readJson, Validator } from "./validate";

/** /api/deals — sales opportunities, each with one of the user's companies. */
export const deals = new Hono<AppEnv>();
deals.use(requireAuth);

export const DEAL_STAGES = ["lead", "qualified", "proposal", "negotiation", "won", "lost"] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export interface DealRow {
  id: string;
  user_id: string;
  company_id: string;
  title: string;
  /** Whole currency units. */
  amount: number;
  stage: DealStage;
  close_date: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

async function readDeal(body: Record<string, unknown>, db: D1Database, userId: string) {
  const v = new Validator(body);
  const deal = {
    title: v.string("title", { max: 200 }),
    company_id: v.string("company_id", { max: 100, label: "company" }),
    amount: v.integer("amount", { min: 0, max: 1_000_000_000_000 }),
    stage: v.oneOf("stage", DEAL_STAGES),
    close_date: v.optionalDate("close_date", { label: "close date" }),
    notes: v.optionalString("notes"),
  };
  v.done();
  if (!(await ownsCompany(db, userId, deal.company_id))) {
    throw badRequest("That company does not exist.", { company_id: "Choose one of your companies." });
  }
  return deal;
}

const SELECT_WITH_COMPANY = `SELECT d.*, co.name AS company_name FROM deals d JOIN companies co ON co.id = d.company_id`;

// List, newest first. ?stage= and ?company_id= filter.
deals.get("/", async (c) => {
  const stage = c.req.query("stage") ?? "";
  const companyId = c.req.query("company_id") ?? "";
  const { results } = await c.env.DB.prepare(
    `${SELECT_WITH_COMPANY}
      WHERE d.user_id = ? AND (? = '' OR d.stage = ?) AND (? = '' OR d.company_id = ?)
      ORDER BY d.created_at DESC, d.title COLLATE NOCASE`,
  )
    .bind(c.var.user.id, stage, stage, companyId, companyId)
    .all<DealRow & { company_name: string }>();
  return c.json({ deals: results });
});

deals.post("/", async (c) => {
  const input = await readDeal(await readJson(c), c.env.DB, c.var.user.id);
  const row = await c.env.DB.prepare(
    "INSERT INTO deals (id, user_id, company_id, title, amount, stage, close_date, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
  )
    .bind(crypto.randomUUID(), c.var.user.id, input.company_id, input.title, input.amount, input.stage, input.close_date, input.notes)
    .first<DealRow>();
  return c.json(row, 201);
});

deals.get("/:id", async (c) => {
  const row = await c.env.DB.prepare(`${SELECT_WITH_COMPANY} WHERE d.id = ? AND d.user_id = ?`)
    .bind(c.req.param("id"), c.var.user.id)
    .first<DealRow & { company_name: string }>();
  if (!row) throw notFound("Deal not found.");
  return c.json(row);
});

deals.put("/:id", async (c) => {
  const input = await readDeal(await readJson(c), c.env.DB, c.var.user.id);
  const row = await c.env.DB.prepare(
    `UPDATE deals SET company_id = ?, title = ?, amount = ?, stage = ?, close_date = ?, notes = ?, updated_at = datetime('now')
      WHERE id = ? AND user_id = ? RETURNING *`,
  )
    .bind(input.company_id, input.title, input.amount, input.stage, input.close_date, input.notes, c.req.param("id"), c.var.user.id)
    .first<DealRow>();
  if (!row) throw notFound("Deal not found.");
  return c.json(row);
});

deals.delete("/:id", async (c) => {
  const result = await c.env.DB.prepare("DELETE FROM deals WHERE id = ? AND user_id = ?").bind(c.req.param("id"), c.var.user.id).run();
  if (result.meta.changes === 0) throw notFound("Deal not found.");
  return c.body(null, 204);
});
