import { timingSafeEqual } from "./password";

/** Equal secrets (tokens, keys), compared in time that does not depend on where they differ. */
export function sameSecret(given: string | null | undefined, expected: string | null | undefined): boolean {
  if (!given || !expected) return false;
  const [a, b] = [new TextEncoder().encode(given), new TextEncoder().encode(expected)];
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
