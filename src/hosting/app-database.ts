import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

/** One app's SQLite database (one instance per app and environment). */
export class AppDatabase extends DurableObject<Env> {}
