/**
 * Password hashing: PBKDF2-SHA256, 100,000 iterations (the most Workers' Web Crypto allows),
 * a random 16-byte salt per user, constant-time comparison.
 */
const ITERATIONS = 100_000;
const encoder = new TextEncoder();

export async function hashPassword(password: string, salt = randomHex(16)): Promise<{ hash: string; salt: string }> {
  return { hash: toHex(await derive(password, salt)), salt };
}

export async function verifyPassword(password: string, hash: string, salt: string): Promise<boolean> {
  return constantTimeEqual(await derive(password, salt), fromHex(hash));
}

async function derive(password: string, saltHex: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: fromHex(saltHex), iterations: ITERATIONS }, key, 256);
  return new Uint8Array(bits);
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
