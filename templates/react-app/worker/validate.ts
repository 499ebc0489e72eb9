import type { Context } from "hono";
import { badRequest } from "./errors";

/** Reads the request body as a JSON object, or answers 400. */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw badRequest("The request body must be JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

/**
 * Collects field errors so the client can show all of them at once:
 *
 *   const v = new Validator(body);
 *   const name = v.string("name", { max: 200 });
 *   const note = v.optionalString("note");
 *   v.done(); // throws 400 { error: { code: "invalid_input", message, fields } } if anything was wrong
 */
export class Validator {
  readonly errors: Record<string, string> = {};

  constructor(private readonly body: Record<string, unknown>) {}

  /** A required, trimmed, non-empty string. */
  string(field: string, { max = 1000, label = field }: { max?: number; label?: string } = {}): string {
    const value = this.body[field];
    if (typeof value !== "string" || value.trim() === "") {
      this.errors[field] = `${capitalise(label)} is required.`;
      return "";
    }
    if (value.trim().length > max) this.errors[field] = `${capitalise(label)} must be at most ${max} characters.`;
    return value.trim();
  }

  /** An optional string: missing, null or blank becomes null. */
  optionalString(field: string, { max = 5000, label = field }: { max?: number; label?: string } = {}): string | null {
    const value = this.body[field];
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return null;
    if (typeof value !== "string") {
      this.errors[field] = `${capitalise(label)} must be text.`;
      return null;
    }
    if (value.trim().length > max) this.errors[field] = `${capitalise(label)} must be at most ${max} characters.`;
    return value.trim();
  }

  /** A required email address, lower-cased. */
  email(field = "email"): string {
    const value = this.string(field, { max: 254, label: "email" }).toLowerCase();
    if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) this.errors[field] = "Enter a valid email address.";
    return value;
  }

  /** A whole number (JSON number or numeric string) within bounds. */
  integer(field: string, { min = 0, max = Number.MAX_SAFE_INTEGER, label = field }: { min?: number; max?: number; label?: string } = {}): number {
    const raw = this.body[field];
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.errors[field] = `${capitalise(label)} must be a whole number.`;
      return 0;
    }
    if (value < min || value > max) this.errors[field] = `${capitalise(label)} must be ${max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `between ${min} and ${max}`}.`;
    return value;
  }

  /** An optional calendar date, "YYYY-MM-DD"; missing or blank becomes null. */
  optionalDate(field: string, { label = field }: { label?: string } = {}): string | null {
    const value = this.optionalString(field, { max: 10, label });
    if (value !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))) {
      this.errors[field] = `${capitalise(label)} must be a date (YYYY-MM-DD).`;
    }
    return value;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(field: string, allowed: readonly T[], { label = field }: { label?: string } = {}): T {
    const value = this.body[field];
    if (typeof value !== "string" || !allowed.includes(value as T)) {
      this.errors[field] = `${capitalise(label)} must be one of: ${allowed.join(", ")}.`;
      return allowed[0]!;
    }
    return value as T;
  }

  /** Throws a 400 listing every field error, if there were any. */
  done(): void {
    const messages = Object.values(this.errors);
    if (messages.length > 0) throw badRequest(messages.join(" "), this.errors);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
