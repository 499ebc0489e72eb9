import { env, exports } from "cloudflare:workers";
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
