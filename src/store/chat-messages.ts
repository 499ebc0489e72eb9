import { ulid } from "ulid";

/** A project's conversation: what the person said and what Kiln answered, in order. */

export interface ChatMessageRow {
  id: string;
  role: "user" | "assistant";
  content: string;
  created_at: string;
}

/** Stores one message; returns its id. */
export async function addChatMessage(
  db: D1Database,
  projectId: string,
  role: ChatMessageRow["role"],
  content: string,
): Promise<string> {
  const id = ulid();
  await db
    .prepare("INSERT INTO chat_messages (id, project_id, role, content) VALUES (?, ?, ?, ?)")
    .bind(id, projectId, role, content)
    .run();
  return id;
}

export async function listChatMessages(db: D1Database, projectId: string): Promise<ChatMessageRow[]> {
  const { results } = await db
    .prepare("SELECT id, role, content, created_at FROM chat_messages WHERE project_id = ? ORDER BY created_at, id")
    .bind(projectId)
    .all<ChatMessageRow>();
  return results;
}
