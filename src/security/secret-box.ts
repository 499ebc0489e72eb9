/**
 * Secrets at rest: "v1.<iv>.<ciphertext+tag>", base64url, AES-256-GCM with a key derived (HKDF)
 * from the platform secret and a purpose, so keys for different uses never coincide. `aad` binds a
 * ciphertext to its row: copied elsewhere, it does not open.
 */

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
  constructor(readonly reason: "format" | "open") {
    super(
      reason === "format"
        ? "Not a sealed secret."
        : "The secret cannot be opened (wrong platform secret, wrong owner, or tampered).",
    );
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function b64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function secretKey(platformSecret: string, purpose: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", enc.encode(platformSecret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: enc.encode("kiln/secrets/v1"), info: enc.encode(purpose) },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

export async function sealSecret(
  plaintext: string,
  platformSecret: string,
  purpose: string,
  aad?: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, ...(aad ? { additionalData: enc.encode(aad) } : {}) },
    await secretKey(platformSecret, purpose),
    enc.encode(plaintext),
  );
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(cipher))}`;
}

/**
 * Opens a sealed secret with the platform secret, or with any of several: during a rotation the
 * current one first, then the previous one (see openingKeys()).
 */
export async function openSecret(
  stored: string,
  platformSecret: string | readonly string[],
  purpose: string,
  aad?: string,
): Promise<string> {
  const [version, iv, data] = stored.split(".");
  if (version !== "v1" || !iv || !data) throw new SecretBoxError("format");
  for (const key of typeof platformSecret === "string" ? [platformSecret] : platformSecret) {
    try {
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: fromB64url(iv), ...(aad ? { additionalData: enc.encode(aad) } : {}) },
        await secretKey(key, purpose),
        fromB64url(data),
      );
      return dec.decode(plain);
    } catch {
      // Not this key (or tampered): try the next one.
    }
  }
  throw new SecretBoxError("open");
}

/**
 * The keys sealed secrets are opened with: PLATFORM_JWT_SECRET, then PLATFORM_JWT_SECRET_PREVIOUS
 * while a rotation is under way, so secrets sealed before it stay readable. Sealing always uses
 * the current one.
 */
export function openingKeys(env: { PLATFORM_JWT_SECRET?: string; PLATFORM_JWT_SECRET_PREVIOUS?: string }): string[] {
  return [env.PLATFORM_JWT_SECRET, env.PLATFORM_JWT_SECRET_PREVIOUS].filter((k): k is string => Boolean(k));
}
