/**
 * A local stand-in for Cloudflare's custom hostnames API (Cloudflare for SaaS), built from its
 * published shapes: every answer is `{success, errors, messages, result}`; a new hostname is
 * pending with no certificate validation records until it is first read; duplicates are 409 with
 * code 1406; a missing one is 404 with code 1436; rate limits are 429 with Retry-After. The test
 * drives each hostname's state.
 */

export interface FakeHostname {
  id: string;
  hostname: string;
  status: string;
  ssl: {
    id: string;
    type: "dv";
    method: string;
    status: string;
    validation_records?: Record<string, string>[];
    validation_errors?: { message: string }[];
    settings: object;
    wildcard: boolean;
    certificate_authority: string;
  };
  ownership_verification: { type: "txt"; name: string; value: string };
  ownership_verification_http: { http_url: string; http_body: string };
  verification_errors?: string[];
  created_at: string;
  /** Reads so far: the validation records are published on the first one. */
  reads: number;
}

export const BASE = "https://api.cloudflare.com/client/v4";

export function fakeCloudflare(options: { zoneId: string; token: string }) {
  const byId = new Map<string, FakeHostname>();
  const forced: { status: number; retryAfter?: string }[] = [];
  const calls: { method: string; path: string; body: any }[] = [];

  const answer = (
    status: number,
    result: unknown,
    errors: { code: number; message: string }[] = [],
    headers: Record<string, string> = {},
  ) =>
    Response.json(
      { success: status < 400, errors, messages: [], result: status < 400 ? result : null },
      { status, headers },
    );
  const notFound = () => answer(404, null, [{ code: 1436, message: "The custom hostname was not found." }]);
  const view = ({ reads: _reads, ...h }: FakeHostname) => structuredClone(h);

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === "POST" ? await request.json<any>() : undefined;
    calls.push({ method: request.method, path: url.pathname + url.search, body });
    const next = forced.shift();
    if (next)
      return answer(
        next.status,
        null,
        [
          {
            code: next.status === 429 ? 971 : 1000,
            message: next.status === 429 ? "Please wait and consider throttling your request speed" : "Internal error",
          },
        ],
        next.retryAfter ? { "retry-after": next.retryAfter } : {},
      );
    if (request.headers.get("authorization") !== `Bearer ${options.token}`)
      return answer(403, null, [{ code: 10000, message: "Authentication error" }]);
    const prefix = `/client/v4/zones/${options.zoneId}/custom_hostnames`;
    if (!url.pathname.startsWith(prefix))
      return answer(404, null, [
        { code: 7003, message: "Could not route to /zones, perhaps your object identifier is invalid?" },
      ]);
    const id = url.pathname.slice(prefix.length + 1);

    if (request.method === "POST" && !id) {
      if (typeof body?.hostname !== "string" || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(body.hostname) || !body.ssl?.method)
        return answer(400, null, [{ code: 1411, message: "Invalid custom hostname or SSL settings." }]);
      if ([...byId.values()].some((h) => h.hostname === body.hostname))
        return answer(409, null, [{ code: 1406, message: "Duplicate custom hostname found." }]);
      return answer(200, view(add(body.hostname, body.ssl.method)));
    }
    if (request.method === "GET" && !id) {
      const list = [...byId.values()].filter(
        (h) => !url.searchParams.get("hostname") || h.hostname === url.searchParams.get("hostname"),
      );
      return Response.json({
        success: true,
        errors: [],
        messages: [],
        result: list.map(view),
        result_info: { page: 1, per_page: 20, count: list.length, total_count: list.length },
      });
    }
    const found = byId.get(id);
    if (!found) return notFound();
    if (request.method === "GET") {
      found.reads++;
      if (found.ssl.status === "initializing") publishRecords(found);
      return answer(200, view(found));
    }
    if (request.method === "DELETE") {
      byId.delete(id);
      return answer(200, { id });
    }
    return answer(405, null, [{ code: 10405, message: "Method not allowed" }]);
  }

  function add(hostname: string, method: string): FakeHostname {
    const h: FakeHostname = {
      id: crypto.randomUUID(),
      hostname,
      status: "pending",
      ssl: {
        id: crypto.randomUUID(),
        type: "dv",
        method,
        status: "initializing",
        settings: { min_tls_version: "1.2" },
        wildcard: false,
        certificate_authority: "google",
      },
      ownership_verification: { type: "txt", name: `_cf-custom-hostname.${hostname}`, value: crypto.randomUUID() },
      ownership_verification_http: {
        http_url: `http://${hostname}/.well-known/cf-custom-hostname-challenge/${crypto.randomUUID()}`,
        http_body: crypto.randomUUID(),
      },
      created_at: new Date().toISOString(),
      reads: 0,
    };
    byId.set(h.id, h);
    return h;
  }

  function publishRecords(h: FakeHostname) {
    h.ssl.status = "pending_validation";
    h.ssl.validation_records =
      h.ssl.method === "txt"
        ? [{ txt_name: `_acme-challenge.${h.hostname}`, txt_value: `acme-${h.id.slice(0, 8)}` }]
        : [
            {
              http_url: `http://${h.hostname}/.well-known/acme-challenge/${h.id.slice(0, 8)}`,
              http_body: `body-${h.id}`,
            },
          ];
  }

  const find = (hostname: string) => [...byId.values()].find((h) => h.hostname === hostname);

  return {
    fetch,
    calls,
    /** A hostname put on the zone outside Kiln (or by an attempt Kiln lost track of). */
    preexisting: (hostname: string, method = "http") => add(hostname, method),
    get: (hostname: string) => find(hostname),
    /** DNS and the certificate check out. */
    activate(hostname: string) {
      const h = find(hostname)!;
      h.status = "active";
      h.ssl.status = "active";
      delete h.ssl.validation_records;
    },
    timeOut(hostname: string) {
      const h = find(hostname)!;
      h.ssl.status = "validation_timed_out";
      h.ssl.validation_errors = [
        { message: "caa_error: the CAA records of the domain do not allow the certificate authority" },
      ];
      h.verification_errors = ["custom hostname does not CNAME to this zone."];
    },
    deleteOnCloudflare(hostname: string) {
      byId.delete(find(hostname)!.id);
    },
    /** The next answers, whatever is asked. */
    force(status: number, times = 1, retryAfter?: string) {
      for (let i = 0; i < times; i++) forced.push({ status, retryAfter });
    },
  };
}
