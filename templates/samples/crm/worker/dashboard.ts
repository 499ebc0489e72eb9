import { Hono } from "hono";
import { requireAuth } from "./auth";
import type { DealRow, DealStage } from "./deals";
import type { AppEnv } from "./env";

/** /api/dashboard — totals for the signed-in user's CRM. */
export const dashboard = new Hono<AppEnv>();
dashboard.use(requireAuth);

interface StageTotal {
  stage: DealStage;
  count: number;
  amount: number;
}

dashboard.get("/", async (c) => {
  const db = c.env.DB;
  const userId = c.var.user.id;
  const [companies, contacts, stages, recent] = await Promise.all([
    db.prepare("SELECT COUNT(*) AS count FROM companies WHERE user_id = ?").bind(userId).first<{ count: number }>(),
    db.prepare("SELECT COUNT(*) AS count FROM contacts WHERE user_id = ?").bind(userId).first<{ count: number }>(),
    db.prepare("SELECT stage, COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount FROM deals WHERE user_id = ? GROUP BY stage").bind(userId).all<StageTotal>(),
    db
      .prepare(
        `SELECT d.*, co.name AS company_name FROM deals d JOIN companies co ON co.id = d.company_id
          WHERE d.user_id = ? ORDER BY d.updated_at DESC LIMIT 5`,
      )
      .bind(userId)
      .all<DealRow & { company_name: string }>(),
  ]);

  const byStage = stages.results;
  const total = (rows: StageTotal[], key: "count" | "amount") => rows.reduce((sum, row) => sum + row[key], 0);
  const open = byStage.filter((row) => row.stage !== "won" && row.stage !== "lost");
  const won = byStage.filter((row) => row.stage === "won");

  return c.json({
    companies: companies?.count ?? 0,
    contacts: contacts?.count ?? 0,
    deals: {
      total: total(byStage, "count"),
      open_count: total(open, "count"),
      open_amount: total(open, "amount"),
      won_count: total(won, "count"),
      won_amount: total(won, "amount"),
    },
    by_stage: byStage,
    recent_deals: recent.results,
  });
});
