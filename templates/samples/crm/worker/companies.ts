import { Hono } from "hono";
import { requireAuth } from "./auth";
import type { AppEnv } from "./env";
import { notFound } from "./errors";
import { readJson, Validator } from "./validate";

/** /api/companies — the signed-in user's companies. */
export const companies = new Hono<AppEnv>();
companies.use(requireAuth);

export interface CompanyRow {
  id: string;
  user_id: string;
  name: string;
  industry: string | null;
  website: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

function readCompany(body: Record<string, unknown>) {
  const v = new Validator(body);
  const company = {
    name: v.string("name", { max: 200 }),
    industry: v.optionalString("industry", { max: 100 }),
    website: v.optionalString("website", { max: 500 }),
    notes: v.optionalString("notes"),
  };
  v.done();
  return company;
}

// List, with how many contacts and deals each company has. ?q= filters by name.
companies.get("/", async (c) => {
  const q = c.req.query("q")?.trim() ?? "";
  const { results } = await c.env.DB.prepare(
    `SELECT co.*,
            (SELECT COUNT(*) FROM contacts ct WHERE ct.company_id = co.id) AS contact_count,
            (SELECT COUNT(*) FROM deals d WHERE d.company_id = co.id) AS deal_count
       FROM companies co
      WHERE co.user_id = ? AND (? = '' OR co.name LIKE '%' || ? || '%')
      ORDER BY co.name COLLATE NOCASE`,
  )
    .bind(c.var.user.id, q, q)
    .all<CompanyRow & { contact_count: number; deal_count: number }>();
  return c.json({ companies: results });
});

companies.post("/", async (c) => {
  const input = readCompany(await readJson(c));
  const row = await c.env.DB.prepare(
    "INSERT INTO companies (id, user_id, name, industry, website, notes) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
  )
    .bind(crypto.randomUUID(), c.var.user.id, input.name, input.industry, input.website, input.notes)
    .first<CompanyRow>();
  return c.json(row, 201);
});

companies.get("/:id", async (c) => {
  const row = await c.env.DB.prepare("SELECT * FROM companies WHERE id = ? AND user_id = ?").bind(c.req.param("id"), c.var.user.id).first<CompanyRow>();
  if (!row) throw notFound("Company not found.");
  return c.json(row);
});

companies.put("/:id", async (c) => {
  const input = readCompany(await readJson(c));
  const row = await c.env.DB.prepare(
    `UPDATE companies SET name = ?, industry = ?, website = ?, notes = ?, updated_at = datetime('now')
      WHERE id = ? AND user_id = ? RETURNING *`,
  )
    .bind(input.name, input.industry, input.website, input.notes, c.req.param("id"), c.var.user.id)
    .first<CompanyRow>();
  if (!row) throw notFound("Company not found.");
  return c.json(row);
});

// Deleting a company deletes its deals; its contacts stay, without a company.
companies.delete("/:id", async (c) => {
  const id = c.req.param("id");
  const userId = c.var.user.id;
  const exists = await c.env.DB.prepare("SELECT id FROM companies WHERE id = ? AND user_id = ?").bind(id, userId).first();
  if (!exists) throw notFound("Company not found.");
  await c.env.DB.batch([
    c.env.DB.prepare("UPDATE contacts SET company_id = NULL, updated_at = datetime('now') WHERE company_id = ? AND user_id = ?").bind(id, userId),
    c.env.DB.prepare("DELETE FROM deals WHERE company_id = ? AND user_id = ?").bind(id, userId),
    c.env.DB.prepare("DELETE FROM companies WHERE id = ? AND user_id = ?").bind(id, userId),
  ]);
  return c.body(null, 204);
});

/** True if the company exists and belongs to the user: check before linking a row to it. */
export async function ownsCompany(db: D1Database, userId: string, companyId: string): Promise<boolean> {
  return (await db.prepare("SELECT 1 FROM companies WHERE id = ? AND user_id = ?").bind(companyId, userId).first()) !== null;
}
