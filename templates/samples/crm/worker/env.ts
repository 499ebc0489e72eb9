/** What the Worker gets from its host: the same on `wrangler dev`, Cloudflare and Kiln. */
export interface Bindings {
  DB: D1Database;
  STORAGE: R2Bucket;
  ASSETS: Fetcher;
  JWT_SECRET: string;
}

/** The signed-in user, as `requireAuth` puts it on the request context. */
export interface AuthUser {
  id: string;
  email: string;
}

/** Type parameter for `new Hono<AppEnv>()`: gives `c.env` and `c.var.user` their types. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: { user: AuthUser };
}
