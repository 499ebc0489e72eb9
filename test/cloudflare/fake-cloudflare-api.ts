/**
 * A local stand-in for the parts of Cloudflare's REST API (v4) that `npm run deploy`'s setup and
 * `npm run smoke:cloudflare` use, built from Cloudflare's published contract (the shapes in the
 * `cloudflare` SDK's types): every answer is the envelope `{success, errors, messages, result}`,
 * lists carry `result_info` and are paged with `page` and `per_page` (a page past the end is
 * empty), an unknown token is 401 (code 1000), a token without the permission an endpoint needs is
 * 403 (code 10000, "Authentication error"), an unknown path is 404 (code 7003). Like the custom
 * hostnames fake in test/worker, it keeps its state in memory, logs every call and lets the test
 * shape the account. Some error codes are not published per endpoint (an advanced certificate
 * ordered without Advanced Certificate Manager, a bucket that is not empty): the ones used here
 * are plausible stand-ins, and the code under test reads only the HTTP status, never those codes.
 */

export const BASE = "https://api.cloudflare.com/client/v4";

/** Permissions, as the token editor groups them. */
export type Permission =
  "zone:read" | "dns:edit" | "ssl:read" | "ssl:edit" | "workers:edit" | "d1:edit" | "kv:edit" | "r2:edit";
export const ALL_PERMISSIONS: Permission[] = [
  "zone:read",
  "dns:edit",
  "ssl:read",
  "ssl:edit",
  "workers:edit",
  "d1:edit",
  "kv:edit",
  "r2:edit",
];

interface Zone {
  id: string;
  name: string;
  status: "active" | "pending";
  account: { id: string; name: string };
  name_servers: string[];
  /** Advanced Certificate Manager is subscribed (advanced certificates can be ordered). */
  acm: boolean;
  universalSsl: boolean;
}
interface DnsRecord {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  proxied: boolean;
  ttl: number;
  comment?: string | null;
  created_on: string;
}
interface CertificatePack {
  id: string;
  zone_id: string;
  type: "universal" | "advanced" | "total_tls";
  hosts: string[];
  status: string;
  certificates: unknown[];
  validation_method?: string;
  certificate_authority?: string;
}

type ApiError = { code: number; message: string };
const envelope = (status: number, result: unknown, errors: ApiError[] = [], extra: object = {}) =>
  Response.json(
    { success: status < 400, errors, messages: [], result: status < 400 ? result : null, ...extra },
    { status },
  );

export function fakeCloudflareApi(options: { accountId: string; token: string; permissions?: Permission[] }) {
  const tokens = new Map<string, Set<Permission>>([[options.token, new Set(options.permissions ?? ALL_PERMISSIONS)]]);
  const zones: Zone[] = [];
  const records: DnsRecord[] = [];
  const packs: CertificatePack[] = [];
  const domains: {
    id: string;
    zone_id: string;
    zone_name: string;
    hostname: string;
    service: string;
    environment: string;
  }[] = [];
  const routes: { id: string; zone_id: string; pattern: string; script: string }[] = [];
  const scripts = new Set<string>();
  const d1: { uuid: string; name: string; created_at: string }[] = [];
  const kv: { id: string; title: string }[] = [];
  const r2: { name: string; creation_date: string; objects: number }[] = [];
  const calls: { method: string; path: string; body: any; status: number }[] = [];
  let nextId = 1;
  const id = () => (nextId++).toString(16).padStart(32, "0");

  function page<T>(url: URL, items: T[], defaultPerPage: number) {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? defaultPerPage) || defaultPerPage, 1000);
    const pageNo = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    return envelope(200, slice, [], {
      result_info: {
        page: pageNo,
        per_page: perPage,
        count: slice.length,
        total_count: items.length,
        total_pages: Math.ceil(items.length / perPage),
      },
    });
  }
  const notFound = (what: string, code = 7003) =>
    envelope(404, null, [
      {
        code,
        message: code === 7003 ? `Could not route to ${what}, perhaps your object identifier is invalid?` : what,
      },
    ]);
  const badRequest = (code: number, message: string) => envelope(400, null, [{ code, message }]);

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/client\/v4/, "");
    const method = request.method;
    const body: any = ["POST", "PUT", "PATCH"].includes(method) ? await request.json().catch(() => null) : undefined;
    const q = (name: string) => url.searchParams.get(name);

    const auth = request.headers.get("authorization") ?? "";
    const granted = tokens.get(auth.replace(/^Bearer /, ""));
    if (!auth.startsWith("Bearer ") || !granted)
      return envelope(401, null, [{ code: 1000, message: "Invalid API Token" }]);
    const need = (p: Permission) => granted.has(p);
    const denied = () => envelope(403, null, [{ code: 10000, message: "Authentication error" }]);

    let m: RegExpMatchArray | null;
    if (path === "/zones" && method === "GET") {
      if (!need("zone:read")) return denied();
      const list = zones.filter(
        (z) => (!q("account.id") || z.account.id === q("account.id")) && (!q("name") || z.name === q("name")),
      );
      return page(url, list.map(viewZone), 20);
    }
    if ((m = path.match(/^\/zones\/([0-9a-f]{32})(\/.*)?$/))) {
      const zone = zones.find((z) => z.id === m![1]);
      if (!zone) return notFound(path);
      const rest = m[2] ?? "";
      if (rest === "/dns_records" && method === "GET") {
        if (!need("dns:edit")) return denied();
        const list = records.filter(
          (r) =>
            r.zone_id === zone.id &&
            (!q("name.exact") || r.name === q("name.exact")) &&
            (!q("type") || r.type === q("type")),
        );
        return page(url, list, 100);
      }
      if (rest === "/dns_records" && method === "POST") {
        if (!need("dns:edit")) return denied();
        const { name, type, content, proxied = false, ttl = 1, comment } = body ?? {};
        if (typeof name !== "string" || !(name === zone.name || name.endsWith(`.${zone.name}`)))
          return badRequest(9007, "Name is not within the zone.");
        if (!["A", "AAAA", "CNAME", "TXT"].includes(type)) return badRequest(9004, "Invalid DNS record type.");
        if (type === "AAAA" && !/^[0-9a-f:]+$/i.test(content ?? ""))
          return badRequest(9005, "Content for AAAA record is invalid.");
        const clash = records.find((r) => r.zone_id === zone.id && r.name === name);
        if (clash && (clash.type === "CNAME" || type === "CNAME"))
          return badRequest(81053, "An A, AAAA, or CNAME record with that host already exists.");
        if (clash && clash.type === type && clash.content === content)
          return badRequest(81058, "An identical record already exists.");
        const record: DnsRecord = {
          id: id(),
          zone_id: zone.id,
          zone_name: zone.name,
          name,
          type,
          content,
          proxied,
          ttl,
          comment: comment ?? null,
          created_on: new Date().toISOString(),
        };
        records.push(record);
        return envelope(200, record);
      }
      if ((m = rest.match(/^\/dns_records\/([0-9a-f]{32})$/)) && method === "DELETE") {
        if (!need("dns:edit")) return denied();
        const i = records.findIndex((r) => r.zone_id === zone.id && r.id === m![1]);
        if (i < 0) return notFound("Record does not exist.", 81044);
        records.splice(i, 1);
        return envelope(200, { id: m[1] });
      }
      if (rest === "/ssl/certificate_packs" && method === "GET") {
        if (!need("ssl:read") && !need("ssl:edit")) return denied();
        // Without status=all, only active packs are listed.
        const list = packs.filter((p) => p.zone_id === zone.id && (q("status") === "all" || p.status === "active"));
        return page(url, list, 20);
      }
      if (rest === "/ssl/certificate_packs/order" && method === "POST") {
        if (!need("ssl:edit")) return denied();
        if (!zone.acm)
          return badRequest(1450, "Advanced Certificate Manager is required to order advanced certificates.");
        const { hosts, type, validation_method, validity_days, certificate_authority } = body ?? {};
        if (type !== "advanced" || !Array.isArray(hosts) || !hosts.includes(zone.name) || hosts.length > 50)
          return badRequest(1400, "Hosts must include the zone apex and no more than 50 hosts.");
        if (hosts.some((h: string) => h.startsWith("*.")) && validation_method === "http")
          return badRequest(1401, "Wildcard hosts cannot be validated over HTTP.");
        if (![14, 30, 90, 365].includes(validity_days)) return badRequest(1402, "Invalid validity_days.");
        const pack: CertificatePack = {
          id: crypto.randomUUID(),
          zone_id: zone.id,
          type: "advanced",
          hosts,
          status: "initializing",
          certificates: [],
          validation_method,
          certificate_authority,
        };
        packs.push(pack);
        const { zone_id: _z, ...view } = pack;
        return envelope(200, view);
      }
      if ((m = rest.match(/^\/ssl\/certificate_packs\/([0-9a-f-]{36})$/)) && method === "DELETE") {
        if (!need("ssl:edit")) return denied();
        const i = packs.findIndex((p) => p.zone_id === zone.id && p.id === m![1] && p.type !== "universal");
        if (i < 0) return notFound("Certificate pack not found.", 1404);
        packs.splice(i, 1);
        return envelope(200, { id: m[1] });
      }
      if (rest === "/ssl/universal/settings" && method === "GET") {
        if (!need("ssl:read") && !need("ssl:edit")) return denied();
        return envelope(200, { enabled: zone.universalSsl });
      }
      if (rest === "/workers/routes" && method === "GET") {
        if (!need("workers:edit")) return denied();
        return envelope(
          200,
          routes.filter((r) => r.zone_id === zone.id).map(({ zone_id: _z, ...r }) => r),
        );
      }
      if ((m = rest.match(/^\/workers\/routes\/([0-9a-f]{32})$/)) && method === "DELETE") {
        if (!need("workers:edit")) return denied();
        const i = routes.findIndex((r) => r.id === m![1]);
        if (i < 0) return notFound("Route not found", 10020);
        routes.splice(i, 1);
        return envelope(200, { id: m[1] });
      }
      return notFound(path);
    }
    if ((m = path.match(/^\/accounts\/([^/]+)(\/.*)$/))) {
      if (m[1] !== options.accountId) return denied();
      const rest = m[2]!;
      if (rest === "/workers/domains" && method === "GET") {
        if (!need("workers:edit")) return denied();
        return envelope(
          200,
          domains.filter(
            (d) => (!q("hostname") || d.hostname === q("hostname")) && (!q("service") || d.service === q("service")),
          ),
        );
      }
      if ((m = rest.match(/^\/workers\/domains\/([0-9a-f]{32})$/)) && method === "DELETE") {
        if (!need("workers:edit")) return denied();
        const i = domains.findIndex((d) => d.id === m![1]);
        if (i < 0) return notFound("Domain not found", 100117);
        domains.splice(i, 1);
        return envelope(200, null);
      }
      if ((m = rest.match(/^\/workers\/scripts\/([a-z0-9-]+)$/)) && method === "DELETE") {
        if (!need("workers:edit")) return denied();
        if (!scripts.delete(m[1]!)) return notFound("workers.api.error.script_not_found", 10007);
        return envelope(200, null);
      }
      if (rest === "/d1/database" && method === "POST") {
        if (!need("d1:edit")) return denied();
        if (d1.some((d) => d.name === body?.name)) return badRequest(7502, "A database with that name already exists");
        const db = { uuid: crypto.randomUUID(), name: String(body?.name), created_at: new Date().toISOString() };
        d1.push(db);
        return envelope(200, { ...db, version: "production" });
      }
      if (rest === "/d1/database" && method === "GET") {
        if (!need("d1:edit")) return denied();
        return page(
          url,
          d1.filter((d) => !q("name") || d.name === q("name")),
          1000,
        );
      }
      if ((m = rest.match(/^\/d1\/database\/([0-9a-f-]{36})$/)) && method === "DELETE") {
        if (!need("d1:edit")) return denied();
        const i = d1.findIndex((d) => d.uuid === m![1]);
        if (i < 0) return notFound("The database could not be found", 7404);
        d1.splice(i, 1);
        return envelope(200, null);
      }
      if (rest === "/storage/kv/namespaces" && method === "POST") {
        if (!need("kv:edit")) return denied();
        if (kv.some((n) => n.title === body?.title))
          return badRequest(10014, "a namespace with this account ID and title already exists");
        const ns = { id: id(), title: String(body?.title) };
        kv.push(ns);
        return envelope(200, ns);
      }
      if (rest === "/storage/kv/namespaces" && method === "GET") {
        if (!need("kv:edit")) return denied();
        return page(url, kv, 20);
      }
      if ((m = rest.match(/^\/storage\/kv\/namespaces\/([0-9a-f]{32})$/)) && method === "DELETE") {
        if (!need("kv:edit")) return denied();
        const i = kv.findIndex((n) => n.id === m![1]);
        if (i < 0) return notFound("namespace not found", 10013);
        kv.splice(i, 1);
        return envelope(200, {});
      }
      if (rest === "/r2/buckets" && method === "POST") {
        if (!need("r2:edit")) return denied();
        if (r2.some((b) => b.name === body?.name))
          return envelope(409, null, [
            { code: 10004, message: "The bucket you tried to create already exists, and you own it." },
          ]);
        const bucket = { name: String(body?.name), creation_date: new Date().toISOString(), objects: 0 };
        r2.push(bucket);
        return envelope(200, { name: bucket.name, creation_date: bucket.creation_date });
      }
      if ((m = rest.match(/^\/r2\/buckets\/([a-z0-9-]+)$/)) && method === "DELETE") {
        if (!need("r2:edit")) return denied();
        const i = r2.findIndex((b) => b.name === m![1]);
        if (i < 0) return notFound("The specified bucket does not exist.", 10006);
        if (r2[i]!.objects > 0)
          return envelope(409, null, [{ code: 10008, message: "The bucket you tried to delete is not empty." }]);
        r2.splice(i, 1);
        return envelope(200, {});
      }
      return notFound(path);
    }
    return notFound(path);
  }

  async function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const body = ["POST", "PUT", "PATCH"].includes(request.method) ? await request.clone().text() : undefined;
    const response = await handle(request);
    const url = new URL(request.url);
    calls.push({
      method: request.method,
      path: url.pathname.replace(/^\/client\/v4/, "") + url.search,
      body: body ? JSON.parse(body) : undefined,
      status: response.status,
    });
    return response;
  }

  function viewZone(z: Zone) {
    const { acm: _a, universalSsl: _u, ...view } = z;
    return view;
  }

  return {
    fetch,
    calls,
    records,
    packs,
    domains,
    routes,
    scripts,
    d1,
    kv,
    r2,
    /** A zone on this account (or on another one), with its Universal SSL certificate when on. */
    addZone(
      name: string,
      opts: { account?: string; status?: Zone["status"]; acm?: boolean; universalSsl?: boolean } = {},
    ) {
      const zone: Zone = {
        id: id(),
        name,
        status: opts.status ?? "active",
        account: { id: opts.account ?? options.accountId, name: "Kiln's account" },
        name_servers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
        acm: opts.acm ?? false,
        universalSsl: opts.universalSsl ?? true,
      };
      zones.push(zone);
      if (zone.universalSsl)
        packs.push({
          id: crypto.randomUUID(),
          zone_id: zone.id,
          type: "universal",
          hosts: [name, `*.${name}`],
          status: "active",
          certificates: [],
          certificate_authority: "google",
        });
      return zone;
    },
    addRecord(zoneName: string, record: { name: string; type: string; content: string; proxied: boolean }) {
      const zone = zones.find((z) => z.name === zoneName)!;
      const r: DnsRecord = {
        id: id(),
        zone_id: zone.id,
        zone_name: zone.name,
        ttl: 1,
        created_on: new Date().toISOString(),
        ...record,
      };
      records.push(r);
      return r;
    },
    /** Cloudflare finished validating and deploying an ordered certificate. */
    activatePacks() {
      for (const p of packs) p.status = "active";
    },
    /** What `wrangler deploy` leaves on the account: the script, its zone route and custom domain. */
    deployWorker(name: string, { builderHost, appsDomain }: { builderHost: string; appsDomain: string }) {
      scripts.add(name);
      const zoneFor = (host: string) =>
        zones
          .filter((z) => host === z.name || host.endsWith(`.${z.name}`))
          .sort((a, b) => b.name.length - a.name.length)[0]!;
      const appsZone = zoneFor(appsDomain);
      routes.push({ id: id(), zone_id: appsZone.id, pattern: `*.${appsDomain}/*`, script: name });
      const builderZone = zoneFor(builderHost);
      domains.push({
        id: id(),
        zone_id: builderZone.id,
        zone_name: builderZone.name,
        hostname: builderHost,
        service: name,
        environment: "production",
      });
    },
    /** Another token, with fewer permissions. */
    addToken(token: string, permissions: Permission[]) {
      tokens.set(token, new Set(permissions));
    },
    /** Objects land in a bucket (as a published app's code does). */
    putObjects(bucket: string, count: number) {
      r2.find((b) => b.name === bucket)!.objects += count;
    },
    emptyBucket(bucket: string) {
      const b = r2.find((x) => x.name === bucket);
      if (b) b.objects = 0;
    },
    /** Calls that changed something (the idempotence tests count them). */
    writes: () => calls.filter((c) => c.method !== "GET"),
  };
}

export type FakeCloudflareApi = ReturnType<typeof fakeCloudflareApi>;
