import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { MigrationDatabase } from "../../src/builder/migrations";
import { appDatabase } from "../../src/hosting/database/app-db";

/** Calls the platform Worker exactly as a browser would, through its fetch handler. */
export async function call(
  method: string,
  path: string,
  init: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: BodyInit } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await exports.default.fetch(`http://localhost:8787${path}`, {
    method,
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON; callers assert on status or text */
  }
  return { status: res.status, json, text, headers: res.headers };
}

let counter = 0;
/** A fresh account with a unique email; returns its token and user. */
export async function signUp(email = `user${Date.now()}-${counter++}@example.com`, password = "correct horse battery") {
  const res = await call("POST", "/api/auth/register", { body: { email, password } });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  return res.json as { token: string; user: { id: string; email: string } };
}

/** An empty database of a throwaway app, for the builder's migration dry run. */
export function scratchDatabase() {
  return appDatabase(env, `build-test-${crypto.randomUUID()}`, "check") as unknown as MigrationDatabase;
}

/** One event of a chat run's stream (typed loosely: tests read the fields they check). */
export interface ChatEvent {
  type: string;
  seq: number;
  [k: string]: any;
}

/** Sends a chat message through POST /api/chat and reads the whole event stream. */
export async function chat(
  token: string,
  projectId: string,
  message: string,
  extra: Record<string, unknown> = {},
): Promise<ChatEvent[]> {
  const res = await exports.default.fetch(
    new Request("http://localhost:8787/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ projectId, message, ...extra }),
    }),
  );
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  return parseSse(await res.text());
}

/** The `data:` events of a server-sent event stream, parsed. */
export function parseSse(text: string): ChatEvent[] {
  return text
    .split("\n\n")
    .map((block) => block.split("\n").find((l) => l.startsWith("data: ")))
    .filter((l): l is string => Boolean(l))
    .map((l) => JSON.parse(l.slice(6)));
}
