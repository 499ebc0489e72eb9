import type { Env } from "../env";
import { ApiError } from "./errors";

/** The secret that signs platform sessions; refusing to run without one beats signing with a default. */
export function platformSecret(env: Env): string {
  const secret = env.PLATFORM_JWT_SECRET;
  if (!secret || secret.length < 32) {
    throw new ApiError(
      503,
      "not_configured",
      "PLATFORM_JWT_SECRET is not set (or shorter than 32 characters). `npm start` generates one into .dev.vars; on Cloudflare run `wrangler secret put PLATFORM_JWT_SECRET`.",
    );
  }
  return secret;
}
