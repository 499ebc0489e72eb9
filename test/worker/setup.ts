import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// The platform schema, from the same migrations folder wrangler applies.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
