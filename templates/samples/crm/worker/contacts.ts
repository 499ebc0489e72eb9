import { Hono } from "hono";
import { requireAuth } from "./auth";
import { ownsCompany } from "./companies";
import type { AppEnv } from "./env";
import { badRequest, notFound } from "./errors";
import { readJson, Validator } from "./validate";

/** /api/contacts — people, each optionally at one of the user's companies. */
export const contacts = new Hono<AppEnv>();
contacts.use(requireAuth);

export interface ContactRow {
  id: string;
  user_id: string;
  company_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

async function readContact(body: Record<string, unknown>, db: D1Database, userId: string) {
  const v = new Validator(body);
  const contact = {
    name: v.string("name", { max: 200 }),
    email: v.optionalString("email", { max: 254 }),
    phone: v.optionalString("phone", { max: 50 }),
    title: v.optionalString("title", { max: 100, label: "job title" }),
    company_id: v.optionalString("company_id", { max: 100, label: "company" }),
    notes: v.optionalString("notes"),
  };
  if (contact.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email)) v.errors.email = "Enter a valid email address.";
  v.done();
  if (contact.company_id && !(await ownsCompany(db, userId, contact.company_id))) {
    throw badRequest("That company does not exist.", { company_id: "Choose one of your companies." });
  }
  return contact;
}

const SELECT_WITH_COMPANY = `SELECT ct.*, co.name AS company_name FROM contacts ct LEFT JOIN companies co ON co.id = ct.company_id`;

// List. ?company_id= narrows to one company, ?q= searches name and email.
contacts.get("/", async (c) => {
  const companyId = c.req.query("company_id") ?? "";
  const q = c.req.query("q")?.trim() ?? "";
  const { results } = await c.env.DB.prepare(
    `${SELECT_WITH_COMPANY}
      WHERE ct.user_id = ?
        AND (? = '' OR ct.company_id = ?)
        AND (? = '' OR ct.name LIKE '%' || ? || '%' OR ct.email LIKE '%' || ? || '%')
      ORDER BY ct.name COLLATE NOCASE`,
  )
    .bind(c.var.user.id, companyId, companyId, q, q, q)
    .all<ContactRow & { company_name: string | null }>();
  return c.json({ contacts: results });
});

contacts.post("/", async (c) => {
  const input = await readContact(await readJson(c), c.env.DB, c.var.user.id);
  const row = await c.env.DB.prepare(
    "INSERT INTO contacts (id, user_id, company_id, name, email, phone, title, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
  )
    .bind(crypto.randomUUID(), c.var.user.id, input.company_id, input.name, input.email, input.phone, input.title, input.notes)
    .first<ContactRow>();
  return c.json(row, 201);
});

contacts.get("/:id", async (c) => {
  const row = await c.env.DB.prepare(`${SELECT_WITH_COMPANY} WHERE ct.id = ? AND ct.user_id = ?`)
    .bind(c.req.param("id"), c.var.user.id)
    .first<ContactRow & { company_name: string | null }>();
  if (!row) throw notFound("Contact not found.");
  return c.json(row);
});

contacts.put("/:id", async (c) => {
  const input = await readContact(await readJson(c), c.env.DB, c.var.user.id);
  const row = await c.env.DB.prepare(
    `UPDATE contacts SET company_id = ?, name = ?, email = ?, phone = ?, title = ?, notes = ?, updated_at = datetime('now')
      WHERE id = ? AND user_id = ? RETURNING *`,
  )
    .bind(input.company_id, input.name, input.email, input.phone, input.title, input.notes, c.req.param("id"), c.var.user.id)
    .first<ContactRow>();
  if (!row) throw notFound("Contact not found.");
  return c.json(row);
});

contacts.delete("/:id", async (c) => {
  const result = await c.env.DB.prepare("DELETE FROM contacts WHERE id = ? AND user_id = ?").bind(c.req.param("id"), c.var.user.id).run();
  if (result.meta.changes === 0) throw notFound("Contact not found.");
  return c.body(null, 204);
});
