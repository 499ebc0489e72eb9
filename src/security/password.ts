/**
 * Platform passwords: PBKDF2-SHA256 with a per-user random salt. 100,000 iterations is the
 * most Cloudflare's Web Crypto allows for PBKDF2; the count is stored with the hash.
 */
const ITERATIONS = 100_000;
const HASH_BYTES = 32;
const encoder = new TextEncoder();

export interface StoredPassword {
  hash: string;
  salt: string;
}

export async function hashPassword(
  password: string,
  salt = randomHex(16),
  iterations = ITERATIONS,
): Promise<StoredPassword> {
  const bits = await derive(password, salt, iterations);
  return { hash: `pbkdf2-sha256$${iterations}$${toBase64(bits)}`, salt };
}

export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  const [scheme, iterText, expected] = stored.hash.split("$");
  const iterations = Number(iterText);
  if (scheme !== "pbkdf2-sha256" || !Number.isInteger(iterations) || !expected) return false;
  const actual = await derive(password, stored.salt, iterations);
  return timingSafeEqual(actual, fromBase64(expected));
}

/** Spends the same time as a real check, so unknown emails cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  await derive(password, "0".repeat(32), ITERATIONS);
}

async function derive(password: string, saltHex: string, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: fromHex(saltHex), iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  // Workers provide a constant-time compare; fall back to an XOR fold elsewhere.
  const subtle = crypto.subtle as SubtleCrypto & {
    timingSafeEqual?: (a: ArrayBufferView, b: ArrayBufferView) => boolean;
  };
  if (typeof subtle.timingSafeEqual === "function") return subtle.timingSafeEqual(a, b);
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}
