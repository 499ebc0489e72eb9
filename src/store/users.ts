import type { StoredPassword } from "../security/password";

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  salt: string;
  created_at: string;
}

export async function findUserByEmail(db: D1Database, email: string): Promise<UserRow | null> {
  return db.prepare("SELECT * FROM users WHERE email = ?").bind(email).first<UserRow>();
}

export async function findUserById(db: D1Database, id: string): Promise<UserRow | null> {
  return db.prepare("SELECT * FROM users WHERE id = ?").bind(id).first<UserRow>();
}

/** Inserts a user; returns null when the email is already taken (emails compare case-insensitively). */
export async function insertUser(db: D1Database, email: string, password: StoredPassword): Promise<UserRow | null> {
  const id = crypto.randomUUID();
  try {
    return await db
      .prepare("INSERT INTO users (id, email, password_hash, salt) VALUES (?, ?, ?, ?) RETURNING *")
      .bind(id, email, password.hash, password.salt)
      .first<UserRow>();
  } catch (err) {
    if (String(err).includes("UNIQUE constraint failed")) return null;
    throw err;
  }
}
