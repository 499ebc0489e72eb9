import { timingSafeEqual } from "./password";

/**
 * The server API's signed requests: `x-kiln-timestamp` (Unix seconds) and `x-kiln-signature`, the hex
 * HMAC-SHA256 of `<timestamp>.<raw body>` with the shared secret.
 */
export const MAX_SKEW_SECONDS = 300;

export async function sign(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${timestamp}.${body}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export async function checkSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowMs = Date.now(),
): Promise<SignatureCheck> {
  if (!timestamp || !signature)
    return {
      ok: false,
      reason:
        "Missing x-kiln-timestamp or x-kiln-signature. Sign each request: hex HMAC-SHA256 of `<timestamp>.<raw body>` with BUILD_API_SECRET.",
    };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "x-kiln-timestamp must be Unix seconds." };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS)
    return {
      ok: false,
      reason: `x-kiln-timestamp is more than ${MAX_SKEW_SECONDS / 60} minutes from now; check the caller's clock.`,
    };
  const expected = await sign(secret, timestamp, body);
  const enc = new TextEncoder();
  if (
    !/^[0-9a-f]{64}$/i.test(signature) ||
    !timingSafeEqual(enc.encode(expected), enc.encode(signature.toLowerCase()))
  ) {
    return { ok: false, reason: "The signature does not match the body and timestamp." };
  }
  return { ok: true };
}
