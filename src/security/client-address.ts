/**
 * The address a request came from, for per-address caps (the log-in throttle, the server API), or
 * null when it cannot be known.
 *
 * Only Cloudflare's edge sets `cf-connecting-ip` in a way a client cannot forge: it overwrites
 * whatever the client sent. A Worker cannot tell that it runs behind the edge (local workerd fills
 * `request.cf` too), so the operator says so with TRUST_CF_CONNECTING_IP=true. Anywhere else any
 * client may send the header, and a forged address would let it dodge its own caps or spend
 * someone else's, so the address is unknown there and per-address caps do not apply.
 */
export function clientAddress(request: Request, env: { TRUST_CF_CONNECTING_IP?: string }): string | null {
  if (env.TRUST_CF_CONNECTING_IP !== "true") return null;
  const header = request.headers.get("cf-connecting-ip")?.trim();
  return header ? addressKey(header) : null;
}

/**
 * One key per client: an IPv4 address as is, an IPv6 address by its /64 (one subscriber's
 * network hands out a whole /64, so single IPv6 addresses cost an attacker nothing). Anything
 * that is not an address is null.
 */
export function addressKey(text: string): string | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split(".").every((n) => Number(n) <= 255) ? text : null;
  const groups = expandIpv6(text);
  if (!groups) return null;
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

function expandIpv6(text: string): number[] | null {
  let head = text.toLowerCase();
  // A trailing dotted IPv4 part counts as two groups.
  const v4 = head.match(/^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (v4) {
    const parts = v4[2]!.split(".").map(Number);
    if (parts.some((n) => n > 255)) return null;
    head = `${v4[1]}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  if (!/^[0-9a-f:]+$/.test(head) || head.split("::").length > 2) return null;
  const [left, right] = head.includes("::") ? head.split("::") : [head, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":") : []);
  const a = parse(left);
  const b = parse(right);
  if ([...a, ...b].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - a.length - b.length;
  if (right === undefined ? missing !== 0 : missing < 1) return null;
  return [...a, ...Array(right === undefined ? 0 : missing).fill("0"), ...b].map((g) => parseInt(g, 16));
}
