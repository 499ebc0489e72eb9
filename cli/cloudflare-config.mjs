// What `npm run deploy` checks in wrangler.jsonc and in its own settings before anything reaches
// an account. Pure functions over the parsed config, so a test can hold each rule to account.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const PRODUCTION_ENV = "production";

/** Bindings that exist only on Cloudflare: in the local config they would make `npm start` need an account. */
const REMOTE_ONLY = ["ai", "vectorize", "browser", "dispatch_namespaces", "mtls_certificates", "images"];

/** wrangler.jsonc as wrangler reads it (JSON with comments and trailing commas). */
export function readWranglerConfig(root) {
  const ts = createRequire(join(root, "package.json"))("typescript");
  const file = join(root, "wrangler.jsonc");
  const { config, error } = ts.parseConfigFileTextToJson(file, readFileSync(file, "utf8"));
  if (error)
    throw new Error(`wrangler.jsonc does not parse: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
  return config;
}

/** The production Worker's name on the account: wrangler names an environment's Worker `<name>-<env>`. */
export function productionWorkerName(config) {
  return config.env?.[PRODUCTION_ENV]?.name ?? `${config.name}-${PRODUCTION_ENV}`;
}

/** Every binding of one config section, as [kind, name, entry]. */
function bindingsOf(section) {
  const out = [];
  for (const d of section.d1_databases ?? []) out.push(["d1_databases", d.binding, d]);
  for (const k of section.kv_namespaces ?? []) out.push(["kv_namespaces", k.binding, k]);
  for (const r of section.r2_buckets ?? []) out.push(["r2_buckets", r.binding, r]);
  for (const l of section.worker_loaders ?? []) out.push(["worker_loaders", l.binding, l]);
  for (const d of section.durable_objects?.bindings ?? []) out.push(["durable_objects", d.name, d]);
  return out;
}

/**
 * Problems with the config, as sentences saying what to fix (empty: fine).
 * @param {any} config parsed wrangler.jsonc
 */
export function checkConfig(config) {
  const problems = [];
  const prod = config.env?.[PRODUCTION_ENV];
  const sections = [
    ["the local config", config],
    [`env.${PRODUCTION_ENV}`, prod ?? {}],
  ];

  // No resource ids anywhere: wrangler creates D1, KV and R2 by name on first deploy and keeps
  // using them; an id copied from somewhere else (or a placeholder) would point at nothing.
  for (const [where, section] of sections) {
    for (const [kind, name, entry] of bindingsOf(section)) {
      for (const key of ["database_id", "preview_database_id", "id", "preview_id"]) {
        if (entry[key] !== undefined)
          problems.push(
            `${where}: ${kind} ${name} has ${key} ${JSON.stringify(entry[key])}; remove it (wrangler creates the resource on first deploy, and locally it is stored by binding name).`,
          );
      }
    }
  }

  // The local config stays offline.
  for (const key of REMOTE_ONLY) {
    if (config[key] !== undefined)
      problems.push(
        `the local config has a ${key} binding, which only exists on Cloudflare; move it to env.${PRODUCTION_ENV} (npm start must work offline).`,
      );
  }
  for (const [kind, name, entry] of bindingsOf(config)) {
    if (entry.remote === true || entry.experimental_remote === true)
      problems.push(
        `the local config: ${kind} ${name} is remote; local bindings must be local (npm start must work offline).`,
      );
  }

  if (!prod) {
    problems.push(`wrangler.jsonc has no env.${PRODUCTION_ENV}: npm run deploy deploys that environment.`);
    return problems;
  }
  // Bindings are not inherited by a wrangler environment: each local one must be repeated.
  const prodBindings = new Set(bindingsOf(prod).map(([kind, name]) => `${kind} ${name}`));
  for (const [kind, name] of bindingsOf(config)) {
    if (!prodBindings.has(`${kind} ${name}`))
      problems.push(
        `env.${PRODUCTION_ENV} lacks ${kind} ${name}, which the local config has (environments do not inherit bindings).`,
      );
  }
  for (const d of config.d1_databases ?? []) {
    const twin = (prod.d1_databases ?? []).find((p) => p.binding === d.binding);
    if (twin && twin.migrations_dir !== d.migrations_dir)
      problems.push(
        `env.${PRODUCTION_ENV}: d1_databases ${d.binding} must use migrations_dir ${JSON.stringify(d.migrations_dir)} like the local config.`,
      );
  }
  for (const name of Object.keys(config.vars ?? {})) {
    if (!(name in (prod.vars ?? {})))
      problems.push(`env.${PRODUCTION_ENV} lacks the var ${name} (environments do not inherit vars).`);
  }
  if (JSON.stringify(config.triggers ?? null) !== JSON.stringify(prod.triggers ?? null))
    problems.push(`env.${PRODUCTION_ENV} must repeat the local triggers (the nightly clean-up).`);
  if (prod.ai?.binding !== "AI")
    problems.push(`env.${PRODUCTION_ENV} needs the Workers AI binding: "ai": { "binding": "AI" }.`);
  if (prod.workers_dev !== false)
    problems.push(
      `env.${PRODUCTION_ENV} must set "workers_dev": false: the builder lives on its own host, and apps only on *.<APPS_DOMAIN>.`,
    );
  if (!(Number(prod.limits?.cpu_ms) > 0))
    problems.push(`env.${PRODUCTION_ENV} must set an explicit "limits": { "cpu_ms": … }.`);
  if ((prod.observability ?? config.observability)?.enabled !== true)
    problems.push(`env.${PRODUCTION_ENV} must turn observability on.`);
  for (const name of ["APPS_DOMAIN", "PLATFORM_HOSTS"]) {
    if (prod.vars?.[name] !== undefined)
      problems.push(
        `env.${PRODUCTION_ENV} sets ${name} in the file; npm run deploy takes it from its settings so the file names no one's domain.`,
      );
  }
  if (prod.routes !== undefined || prod.route !== undefined)
    problems.push(`env.${PRODUCTION_ENV} names routes; npm run deploy makes them from PLATFORM_HOSTS and APPS_DOMAIN.`);
  return problems;
}

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The deploy's required settings, checked: the builder's host (the first of PLATFORM_HOSTS) and
 * the apps domain. Throws a message saying what to set.
 * @param {Record<string, string | undefined>} env
 * @returns {{ builderHost: string, platformHosts: string[], appsDomain: string, customDomains: Record<string, string> }}
 */
export function deploySettings(env) {
  const appsDomain = (env.APPS_DOMAIN ?? "").trim().toLowerCase();
  const platformHosts = (env.PLATFORM_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const missing = [];
  if (!appsDomain) missing.push("APPS_DOMAIN (the domain whose subdomains are apps, e.g. apps.example.com)");
  if (platformHosts.length === 0) missing.push("PLATFORM_HOSTS (the builder's host first, e.g. kiln.example.com)");
  if (missing.length)
    throw new Error(
      `set ${missing.join(" and ")} in the environment (e.g. APPS_DOMAIN=apps.example.com PLATFORM_HOSTS=kiln.example.com npm run deploy)`,
    );
  for (const host of [appsDomain, ...platformHosts]) {
    if (!HOST.test(host))
      throw new Error(`${JSON.stringify(host)} is not a host name (no scheme, port or path: e.g. kiln.example.com)`);
  }
  for (const host of platformHosts) {
    if (host === appsDomain || host.endsWith(`.${appsDomain}`))
      throw new Error(
        `${host} is inside APPS_DOMAIN ${appsDomain}: Kiln's own hosts must not be app hosts (an app could then read the builder's cookies)`,
      );
  }
  // Custom domains through Cloudflare for SaaS are optional: passed on only when set.
  const customDomains = Object.fromEntries(
    CUSTOM_DOMAIN_VARS.filter((name) => (env[name] ?? "").trim()).map((name) => [name, env[name].trim()]),
  );
  return { builderHost: platformHosts[0], platformHosts, appsDomain, customDomains };
}

/** Settings of custom domains on a Cloudflare for SaaS zone (the API token is a secret: CLOUDFLARE_API_TOKEN). */
const CUSTOM_DOMAIN_VARS = ["CUSTOM_DOMAINS_ZONE_ID", "CUSTOM_DOMAINS_TARGET", "CUSTOM_DOMAINS_SSL_METHOD"];

/** wrangler's arguments for the production deploy (hosts come from the settings, never from the file). */
export function deployArgs({ builderHost, platformHosts, appsDomain, customDomains = {} }, extra = []) {
  return [
    "deploy",
    "--env",
    PRODUCTION_ENV,
    // The builder on a custom domain (Cloudflare creates its DNS record and certificate) …
    "--domain",
    builderHost,
    // … and every app host through one zone route; its wildcard DNS record is the user's to make.
    "--route",
    `*.${appsDomain}/*`,
    "--var",
    `APPS_DOMAIN:${appsDomain}`,
    "--var",
    `PLATFORM_HOSTS:${platformHosts.join(",")}`,
    ...Object.entries(customDomains).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ...extra,
  ];
}

/**
 * Which required secrets `wrangler secret list --format json` shows missing.
 * @param {string} listJson
 */
export function missingSecrets(listJson) {
  let names = [];
  try {
    names = JSON.parse(listJson).map((s) => s.name);
  } catch {
    names = [];
  }
  return {
    required: ["PLATFORM_JWT_SECRET"].filter((n) => !names.includes(n)),
    optional: ["BUILD_API_SECRET", "CLOUDFLARE_API_TOKEN"].filter((n) => !names.includes(n)),
  };
}
