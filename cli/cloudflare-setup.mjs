// The part of `npm run deploy` that wrangler cannot do, through Cloudflare's REST API (the official
// `cloudflare` SDK): the wildcard DNS record that sends every app host to the Worker's zone route,
// and a check that an edge certificate covers those hosts. Idempotent: a second run finds what the
// first one made and changes nothing. `npm run deploy -- --setup-only` runs it alone.
import Cloudflare, { APIError } from "cloudflare";

/**
 * What `*.<APPS_DOMAIN>` points at. The Worker route answers every request, so there is no origin:
 * Cloudflare's documented placeholder for such hosts is a proxied AAAA record to the discard
 * prefix `100::`.
 */
export const APP_HOSTS_RECORD = { type: "AAAA", content: "100::", proxied: true };

/** What the token needs for this step (the names Cloudflare's token editor shows). */
export const SETUP_PERMISSIONS = {
  zones: "Zone · Zone · Read",
  dns: "Zone · DNS · Edit",
  ssl: "Zone · SSL and Certificates · Read (Edit to order a certificate)",
  domains: "Account · Workers Scripts · Read",
};

const TOKENS_PAGE = "https://dash.cloudflare.com/profile/api-tokens";

/** A setup failure whose message says what to fix. */
export class SetupError extends Error {
  name = "SetupError";
}

/**
 * The API client for the setup (and the smoke run). `fetch` and `baseURL` let the tests point it
 * at a local stand-in of the API.
 * @param {{ token?: string, fetch?: typeof fetch, baseURL?: string }} options
 */
export function cloudflareClient({ token, fetch, baseURL }) {
  if (!token)
    throw new SetupError(
      `CLOUDFLARE_API_TOKEN is not set: create a token at ${TOKENS_PAGE} with ${Object.values(SETUP_PERMISSIONS).join(", ")} (and what wrangler needs to deploy: see README, Deploying to Cloudflare), then run again with CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… (or deploy with --skip-setup and make the DNS record and certificate yourself)`,
    );
  return new Cloudflare({ apiToken: token, ...(fetch ? { fetch } : {}), ...(baseURL ? { baseURL } : {}) });
}

/**
 * One API call, its failure turned into a sentence that says what to fix.
 * @template T
 * @param {string} what what the call does, as "may not <what>" reads
 * @param {string} permission the token permission it needs
 * @param {() => Promise<T>} call
 * @returns {Promise<T>}
 */
export async function apiCall(what, permission, call) {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof APIError)) throw err;
    const said = (err.errors ?? []).map((e) => `${e.code}: ${e.message}`).join("; ") || err.message;
    if (err.status === 403)
      throw new SetupError(
        `the API token may not ${what} (Cloudflare answered 403, ${said}): give the token the permission "${permission}" at ${TOKENS_PAGE} (on this zone or account), then run again`,
      );
    if (err.status === 401 || (err.status === 400 && err.errors?.some((e) => e.code === 6003 || e.code === 6111)))
      throw new SetupError(
        `CLOUDFLARE_API_TOKEN is not a valid API token (Cloudflare answered ${err.status}, ${said}): copy it again from ${TOKENS_PAGE}, or create a new one`,
      );
    if (err.status === undefined) throw new SetupError(`could not reach Cloudflare's API to ${what}: ${err.message}`);
    throw new SetupError(`Cloudflare refused to ${what} (${err.status}, ${said})`);
  }
}

/** Every item of a paginated list (the SDK asks for the next page until one comes back empty). */
async function all(page) {
  const out = [];
  for await (const item of page) out.push(item);
  return out;
}

/** Whether a certificate name (`example.com`, `*.example.com`) covers a host (itself possibly a wildcard). */
export function certificateCovers(name, host) {
  if (name === host) return true;
  if (!name.startsWith("*.") || host.startsWith("*.")) return false;
  const dot = host.indexOf(".");
  return dot > 0 && host.slice(dot + 1) === name.slice(2);
}

/** The zone a host belongs to: the longest zone name it ends with. */
function zoneOf(zones, host) {
  return zones
    .filter((z) => host === z.name || host.endsWith(`.${z.name}`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

const PENDING = new Set([
  "initializing",
  "pending_validation",
  "pending_issuance",
  "pending_deployment",
  "holding_deployment",
  "backup_issued",
]);

/**
 * What the setup would do, for the dry run (no account needed, so zones are not known yet).
 * @param {{ appsDomain: string, builderHost: string }} settings
 */
export function setupPlan({ appsDomain, builderHost }) {
  const levels = appsDomain.split(".").length;
  return [
    `setup (with CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID) would:`,
    `  find the zones of ${appsDomain} and ${builderHost} on the account`,
    `  create or reuse the DNS record ${APP_HOSTS_RECORD.type} *.${appsDomain} → ${APP_HOSTS_RECORD.content} (proxied)`,
    `  check that an edge certificate covers *.${appsDomain}` +
      (levels > 2
        ? ` (if the zone is ${appsDomain.split(".").slice(1).join(".")}, Universal SSL does not: an advanced certificate is needed, ordered with --order-certificate)`
        : " (Universal SSL does when the zone is " + appsDomain + ")"),
    `  check that nothing is in the way of the custom domain ${builderHost}`,
  ];
}

/**
 * Makes the account ready for Kiln's hosts, or says exactly what stands in the way.
 * @param {{
 *   client: Cloudflare,
 *   accountId?: string,
 *   settings: { appsDomain: string, builderHost: string },
 *   workerName: string,
 *   orderCertificate?: boolean,
 *   log?: (line: string) => void,
 *   onCreated?: (made: { kind: "dns_record" | "certificate_pack", zoneId: string, id: string, name: string }) => void,
 * }} options
 *   onCreated: told of each thing made as soon as it exists, so a caller can undo it even when a
 *   later check fails (the smoke run does)
 * @returns {Promise<{ created: string[], reused: string[], zones: { apps: { id: string, name: string }, builder: { id: string, name: string } }, dnsRecordName: string, dnsRecordId: string, createdDnsRecord: boolean, certificatePackId?: string, orderedCertificate: boolean }>}
 */
export async function cloudflareSetup({
  client,
  accountId,
  settings,
  workerName,
  orderCertificate = false,
  log = () => {},
  onCreated = () => {},
}) {
  if (!accountId)
    throw new SetupError(
      "CLOUDFLARE_ACCOUNT_ID is not set: it is the id on the right of the account's overview page in the Cloudflare dashboard (or in `npx wrangler whoami`)",
    );
  const { appsDomain, builderHost } = settings;
  const created = [];
  const reused = [];
  const say = (list, line) => {
    list.push(line);
    log(`${list === created ? "created" : "reused "}  ${line}`);
  };

  // Zones: both hosts must be in zones of this account.
  const zones = await apiCall(`list the zones of account ${accountId}`, SETUP_PERMISSIONS.zones, () =>
    all(client.zones.list({ account: { id: accountId }, per_page: 50 })),
  );
  const zoneFor = (host, role) => {
    const zone = zoneOf(zones, host);
    if (!zone)
      throw new SetupError(
        `no zone of account ${accountId} holds ${host} (${role})` +
          (zones.length
            ? `; the token sees ${zones.map((z) => z.name).join(", ")}`
            : "; the token sees no zone there (or may not read them)") +
          `: add the domain to this account (Websites → Add a domain), give the token "${SETUP_PERMISSIONS.zones}" on it, or set CLOUDFLARE_ACCOUNT_ID to the account that has it`,
      );
    if (zone.status !== "active")
      throw new SetupError(
        `the zone ${zone.name} (${role}) is ${zone.status}, not active: point the domain's nameservers at ${(zone.name_servers ?? []).join(" and ") || "Cloudflare's"} at its registrar, wait for Cloudflare to activate it, then run again`,
      );
    return zone;
  };
  const appsZone = zoneFor(appsDomain, "APPS_DOMAIN");
  const builderZone = zoneFor(builderHost, "the builder host");

  // The wildcard record. Any proxied A, AAAA or CNAME at that name gets requests to the Worker
  // route; one that is not proxied would send app hosts around Cloudflare, so it must be fixed by
  // its owner, not overwritten here.
  const wildcard = `*.${appsDomain}`;
  const existing = await apiCall(`read the DNS records of ${appsZone.name}`, SETUP_PERMISSIONS.dns, () =>
    all(client.dns.records.list({ zone_id: appsZone.id, name: { exact: wildcard }, per_page: 100 })),
  );
  const routable = existing.filter((r) => ["A", "AAAA", "CNAME"].includes(r.type));
  const unproxied = routable.find((r) => !r.proxied);
  if (unproxied)
    throw new SetupError(
      `the DNS record ${unproxied.type} ${wildcard} → ${unproxied.content} is not proxied, so app hosts would bypass the Worker: turn its proxy on (orange cloud) or delete it, then run again`,
    );
  let record = routable[0];
  let createdDnsRecord = false;
  if (record) {
    say(reused, `DNS record ${record.type} ${wildcard} → ${record.content} (proxied) in zone ${appsZone.name}`);
  } else {
    record = await apiCall(`create DNS records in ${appsZone.name}`, SETUP_PERMISSIONS.dns, () =>
      client.dns.records.create({
        zone_id: appsZone.id,
        name: wildcard,
        ...APP_HOSTS_RECORD,
        ttl: 1,
        comment: `Kiln: every app host reaches the Worker route ${wildcard}/*`,
      }),
    );
    createdDnsRecord = true;
    onCreated({ kind: "dns_record", zoneId: appsZone.id, id: record.id, name: wildcard });
    say(
      created,
      `DNS record ${APP_HOSTS_RECORD.type} ${wildcard} → ${APP_HOSTS_RECORD.content} (proxied) in zone ${appsZone.name}`,
    );
  }

  // The certificate. Pending orders count as found (listed with status=all), so a second run
  // after --order-certificate does not order again.
  const packsOf = (zone) =>
    apiCall(`read the edge certificates of ${zone.name}`, SETUP_PERMISSIONS.ssl, () =>
      all(client.ssl.certificatePacks.list({ zone_id: zone.id, status: "all", per_page: 50 })),
    );
  const coveringPack = (packs, host) =>
    packs
      .filter((p) => p.status === "active" || PENDING.has(p.status))
      .sort((a, b) => Number(b.status === "active") - Number(a.status === "active"))
      .find((p) => (p.hosts ?? []).some((name) => certificateCovers(name, host)));

  const appsPacks = await packsOf(appsZone);
  let pack = coveringPack(appsPacks, wildcard);
  let certificatePackId = pack?.id;
  let orderedCertificate = false;
  if (pack) {
    say(
      reused,
      `certificate ${pack.type} for ${(pack.hosts ?? []).join(", ")} (${pack.status === "active" ? "active" : `${pack.status}: Cloudflare is still validating or deploying it`}) covers ${wildcard}`,
    );
  } else if (orderCertificate) {
    const hosts = [appsZone.name, wildcard];
    pack = await apiCall(
      `order an advanced certificate in ${appsZone.name}`,
      "Zone · SSL and Certificates · Edit",
      () =>
        client.ssl.certificatePacks.create({
          zone_id: appsZone.id,
          type: "advanced",
          hosts,
          // Wildcard names can only be validated through DNS; Cloudflare adds the TXT records
          // itself on zones that use its nameservers.
          validation_method: "txt",
          validity_days: 90,
          certificate_authority: "google",
        }),
    ).catch((err) => {
      if (err instanceof SetupError && !/may not|not a valid/.test(err.message))
        throw new SetupError(
          `${err.message}: ordering an advanced certificate needs Advanced Certificate Manager on the zone ${appsZone.name} (SSL/TLS → Edge Certificates in the dashboard); subscribe to it and run again, or use an APPS_DOMAIN that Universal SSL covers (see README)`,
        );
      throw err;
    });
    certificatePackId = pack.id;
    say(
      created,
      `advanced certificate for ${hosts.join(", ")} (${pack.status}: Cloudflare validates and deploys it, usually within minutes)`,
    );
  } else {
    const universal = await apiCall(`read the Universal SSL settings of ${appsZone.name}`, SETUP_PERMISSIONS.ssl, () =>
      client.ssl.universal.settings.get({ zone_id: appsZone.id }),
    );
    const oneLevel = appsDomain === appsZone.name;
    throw new SetupError(
      oneLevel && universal.enabled === false
        ? `no edge certificate covers ${wildcard}: Universal SSL, which would, is off on the zone ${appsZone.name}; turn it on (SSL/TLS → Edge Certificates → Disable Universal SSL, undone), then run again`
        : `no edge certificate covers ${wildcard}: Universal SSL covers ${appsZone.name} and *.${appsZone.name} only (one level), and ${appsDomain} is below the zone's apex. Either run again with --order-certificate to order an advanced certificate for ${wildcard} (needs Advanced Certificate Manager on ${appsZone.name}), or upload a certificate that covers it, or use an APPS_DOMAIN that is a zone of its own (e.g. example-apps.com)`,
    );
  }

  // The builder host is a Worker custom domain: `wrangler deploy --domain` creates its DNS record
  // and its certificate, but refuses when another record is already on the host.
  const domains = await apiCall(
    `read the Worker custom domains of account ${accountId}`,
    SETUP_PERMISSIONS.domains,
    () => all(client.workers.domains.list({ account_id: accountId, hostname: builderHost })),
  );
  const domain = domains.find((d) => d.hostname === builderHost);
  if (domain && domain.service !== workerName)
    throw new SetupError(
      `${builderHost} is already the custom domain of the Worker ${domain.service}: detach it there (Workers & Pages → ${domain.service} → Settings → Domains & Routes) or choose another first host in PLATFORM_HOSTS`,
    );
  if (domain) {
    say(
      reused,
      `custom domain ${builderHost} of the Worker ${workerName} (its DNS record and certificate are Cloudflare's)`,
    );
  } else {
    const inTheWay = await apiCall(`read the DNS records of ${builderZone.name}`, SETUP_PERMISSIONS.dns, () =>
      all(client.dns.records.list({ zone_id: builderZone.id, name: { exact: builderHost }, per_page: 100 })),
    );
    const blocking = inTheWay.filter((r) => ["A", "AAAA", "CNAME"].includes(r.type));
    if (blocking.length)
      throw new SetupError(
        `${builderHost} already has the DNS record${blocking.length > 1 ? "s" : ""} ${blocking.map((r) => `${r.type} → ${r.content}`).join(", ")}, which keeps wrangler from making it the Worker's custom domain: delete ${blocking.length > 1 ? "them" : "it"} (DNS → Records in ${builderZone.name}) or choose another first host in PLATFORM_HOSTS, then run again`,
      );
    const builderPacks = builderZone.id === appsZone.id ? appsPacks : await packsOf(builderZone);
    const covering = coveringPack(builderPacks, builderHost);
    log(
      `to do     custom domain ${builderHost}: the deploy attaches it; Cloudflare creates its DNS record and ${covering ? `serves it with the certificate for ${(covering.hosts ?? []).join(", ")}` : "issues its certificate"}`,
    );
  }

  return {
    created,
    reused,
    zones: { apps: { id: appsZone.id, name: appsZone.name }, builder: { id: builderZone.id, name: builderZone.name } },
    dnsRecordName: wildcard,
    dnsRecordId: record.id,
    createdDnsRecord,
    certificatePackId,
    orderedCertificate,
  };
}
