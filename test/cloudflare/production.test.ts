/**
 * The production path without an account: wrangler.jsonc's checks, the deploy's required
 * settings and arguments, and the production dry run (size against Cloudflare's limit, startup
 * time) that `npm run deploy -- --dry-run` prints.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkConfig,
  deployArgs,
  deploySettings,
  missingSecrets,
  readWranglerConfig,
} from "../../cli/cloudflare-config.mjs";
import { cloudflareDeploy } from "../../cli/cloudflare-deploy.mjs";
import { applyLocalMigrations } from "../../cli/local-migrations.mjs";
import { moveLegacyLocalState } from "../../cli/local-state.mjs";
import { STARTUP_BUDGET_MS, WORKER_SIZE_LIMIT } from "../../cli/worker-size.mjs";

const root = join(import.meta.dirname, "..", "..");
const config = () => structuredClone(readWranglerConfig(root));

/** wrangler in `cwd`, which must succeed; its output. */
function runWrangler(cwd: string, argv: string[]): string {
  const r = spawnSync("wrangler", argv, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe("wrangler.jsonc", () => {
  it("passes every production check as committed", () => {
    expect(checkConfig(config())).toEqual([]);
  });

  it("refuses ids, remote-only bindings locally, and an incomplete production environment", () => {
    const cases: [string, (c: any) => void, RegExp][] = [
      [
        "a D1 id",
        (c) => (c.d1_databases[0].database_id = "00000000-0000-4000-8000-000000000001"),
        /d1_databases DB has database_id/,
      ],
      [
        "a KV id",
        (c) => (c.env.production.kv_namespaces[0].id = "kiln-kv"),
        /env\.production: kv_namespaces KV has id/,
      ],
      ["Workers AI locally", (c) => (c.ai = { binding: "AI" }), /local config has a ai binding/],
      ["a remote binding locally", (c) => (c.r2_buckets[0].remote = true), /r2_buckets CODE is remote/],
      ["a binding missing in production", (c) => (c.env.production.worker_loaders = []), /lacks worker_loaders LOADER/],
      ["a var missing in production", (c) => delete c.env.production.vars.KILN_VERSION, /lacks the var KILN_VERSION/],
      ["no AI in production", (c) => delete c.env.production.ai, /Workers AI binding/],
      ["workers.dev on", (c) => (c.env.production.workers_dev = true), /workers_dev/],
      ["no CPU limit", (c) => delete c.env.production.limits, /cpu_ms/],
      ["no observability", (c) => (c.env.production.observability = { enabled: false }), /observability/],
      [
        "a domain in the file",
        (c) => (c.env.production.vars.APPS_DOMAIN = "apps.example.com"),
        /sets APPS_DOMAIN in the file/,
      ],
      ["no cron in production", (c) => delete c.env.production.triggers, /triggers/],
    ];
    for (const [label, change, says] of cases) {
      const c = config();
      change(c);
      expect(checkConfig(c).join("\n"), label).toMatch(says);
    }
  });
});

describe("npm run deploy's settings", () => {
  it("requires APPS_DOMAIN and PLATFORM_HOSTS, as host names, with Kiln's hosts outside the apps domain", () => {
    expect(() => deploySettings({})).toThrow(/APPS_DOMAIN .* and PLATFORM_HOSTS/);
    expect(() => deploySettings({ APPS_DOMAIN: "apps.example.com" })).toThrow(/PLATFORM_HOSTS/);
    expect(() =>
      deploySettings({ APPS_DOMAIN: "https://apps.example.com", PLATFORM_HOSTS: "kiln.example.com" }),
    ).toThrow(/not a host name/);
    expect(() => deploySettings({ APPS_DOMAIN: "example.com", PLATFORM_HOSTS: "kiln.example.com" })).toThrow(
      /inside APPS_DOMAIN/,
    );
    const s = deploySettings({
      APPS_DOMAIN: "Apps.Example.com",
      PLATFORM_HOSTS: "kiln.example.com, admin.example.com",
    });
    expect(s).toEqual({
      builderHost: "kiln.example.com",
      platformHosts: ["kiln.example.com", "admin.example.com"],
      appsDomain: "apps.example.com",
      customDomains: {},
    });
    expect(deployArgs(s)).toEqual([
      "deploy",
      "--env",
      "production",
      "--domain",
      "kiln.example.com",
      "--route",
      "*.apps.example.com/*",
      "--var",
      "APPS_DOMAIN:apps.example.com",
      "--var",
      "PLATFORM_HOSTS:kiln.example.com,admin.example.com",
    ]);
  });

  it("passes the custom-domain settings on only when they are set", () => {
    const s = deploySettings({
      APPS_DOMAIN: "apps.example.com",
      PLATFORM_HOSTS: "kiln.example.com",
      CUSTOM_DOMAINS_ZONE_ID: " 023e105f4ecef8ad9ca31a8372d0c353 ",
      CUSTOM_DOMAINS_TARGET: "",
    });
    expect(s.customDomains).toEqual({ CUSTOM_DOMAINS_ZONE_ID: "023e105f4ecef8ad9ca31a8372d0c353" });
    expect(deployArgs(s).slice(-2)).toEqual(["--var", "CUSTOM_DOMAINS_ZONE_ID:023e105f4ecef8ad9ca31a8372d0c353"]);
  });

  it("reads which secrets `wrangler secret list` lacks", () => {
    expect(missingSecrets('[{"name":"PLATFORM_JWT_SECRET","type":"secret_text"}]')).toEqual({
      required: [],
      optional: ["BUILD_API_SECRET", "CLOUDFLARE_API_TOKEN"],
    });
    expect(missingSecrets('[{"name":"BUILD_API_SECRET","type":"secret_text"}]')).toEqual({
      required: ["PLATFORM_JWT_SECRET"],
      optional: ["CLOUDFLARE_API_TOKEN"],
    });
    // A Worker that does not exist yet lists nothing.
    expect(missingSecrets("")).toEqual({
      required: ["PLATFORM_JWT_SECRET"],
      optional: ["BUILD_API_SECRET", "CLOUDFLARE_API_TOKEN"],
    });
  });

  it("will not deploy without its hosts (and stops before any account step)", async () => {
    await expect(
      cloudflareDeploy(root, [], { env: { ...process.env, APPS_DOMAIN: "", PLATFORM_HOSTS: "" }, log: () => {} }),
    ).rejects.toThrow(/set APPS_DOMAIN/);
  });
});

describe("npm run deploy -- --dry-run", () => {
  it("builds the production Worker within half of Cloudflare's size limit, and it starts in under 500 ms", async () => {
    const lines: string[] = [];
    const result = await cloudflareDeploy(root, ["--dry-run"], {
      env: { ...process.env, APPS_DOMAIN: "apps.example.com", PLATFORM_HOSTS: "kiln.example.com" },
      log: (l) => lines.push(l),
    });
    const out = lines.join("\n");
    console.log(out);
    expect(result.size.size).toBeGreaterThan(1024 * 1024);
    expect(result.size.size).toBeLessThanOrEqual(WORKER_SIZE_LIMIT.bytes / 2);
    expect(result.size.gzip).toBeLessThan(result.size.size);
    expect(result.size.largest[0]!.bytes).toBeGreaterThan(result.size.largest.at(-1)!.bytes);
    expect(result.startupMs).toBeLessThan(STARTUP_BUDGET_MS);
    expect(out).toContain("limit: 64 MiB uncompressed");
    expect(out).toMatch(/largest contributors:\n\s+[\d.]+ MiB {2}esbuild\.wasm/);
    expect(out).toContain("hosts: builder https://kiln.example.com, apps https://<slug>.apps.example.com");
    // What the account setup would do, said without an account.
    expect(out).toContain("create or reuse the DNS record AAAA *.apps.example.com → 100:: (proxied)");
  }, 180_000);
});

describe("local state from before the ids went", () => {
  it("is moved to the names wrangler now uses, so npm start keeps its users and projects", () => {
    const state = mkdtempSync(join(tmpdir(), "kiln-legacy-"));
    const legacyConfig = join(root, ".kiln", "wrangler.legacy-ids.jsonc");
    try {
      const c = config();
      delete c.env;
      c.d1_databases[0].database_id = "00000000-0000-4000-8000-000000000001";
      c.kv_namespaces[0].id = "kiln-kv";
      c.main = join(root, c.main);
      c.assets.directory = join(root, c.assets.directory);
      c.d1_databases[0].migrations_dir = join(root, "migrations");
      delete c.$schema;
      writeFileSync(legacyConfig, JSON.stringify(c));
      const wrangler = (...argv: string[]) => runWrangler(root, argv);
      wrangler(
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        state,
        "-c",
        legacyConfig,
        "--command",
        "CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('from before')",
      );
      wrangler(
        "kv",
        "key",
        "put",
        "--binding",
        "KV",
        "--local",
        "--persist-to",
        state,
        "-c",
        legacyConfig,
        "kept",
        "kv from before",
      );

      expect(moveLegacyLocalState(state)).toEqual(["platform database", "KV index", "KV values"]);
      expect(
        wrangler("d1", "execute", "DB", "--local", "--persist-to", state, "--json", "--command", "SELECT v FROM kept"),
      ).toContain("from before");
      expect(wrangler("kv", "key", "get", "--binding", "KV", "--local", "--persist-to", state, "kept")).toContain(
        "kv from before",
      );
      // Once only: a second start changes nothing.
      expect(moveLegacyLocalState(state)).toEqual([]);
    } finally {
      rmSync(state, { recursive: true, force: true });
      rmSync(legacyConfig, { force: true });
    }
  }, 120_000);
});

describe("the platform database's local migrations", () => {
  it("are applied in one go, in wrangler's own record: wrangler then finds none due, and a state it began is finished", () => {
    // A project of its own: a config with the platform database, and the migrations in two halves.
    const dir = mkdtempSync(join(tmpdir(), "kiln-migrations-"));
    const state = join(dir, "state");
    try {
      const c = config();
      writeFileSync(
        join(dir, "wrangler.jsonc"),
        JSON.stringify({
          name: "migrations-test",
          compatibility_date: c.compatibility_date,
          d1_databases: [{ binding: "DB", database_name: "kiln-platform", migrations_dir: "migrations" }],
        }),
      );
      const all = readdirSync(join(root, "migrations")).filter((f) => f.endsWith(".sql"));
      expect(all.length).toBeGreaterThan(3);
      mkdirSync(join(dir, "migrations"));
      for (const f of all.slice(0, 3)) copyFileSync(join(root, "migrations", f), join(dir, "migrations", f));
      const wrangler = (...argv: string[]) => runWrangler(dir, [...argv, "--local", "--persist-to", state]);
      // An older Kiln applied the first three with wrangler itself.
      wrangler("d1", "migrations", "apply", "DB");
      for (const f of all.slice(3)) copyFileSync(join(root, "migrations", f), join(dir, "migrations", f));

      expect(applyLocalMigrations({ root: dir, persistTo: state })).toEqual(all.slice(3));
      expect(wrangler("d1", "migrations", "apply", "DB")).toContain("No migrations to apply");
      expect(applyLocalMigrations({ root: dir, persistTo: state })).toEqual([]);
      // The last migration's table is there, and each migration is recorded once.
      const rows = (q: string) => JSON.parse(wrangler("d1", "execute", "DB", "--json", "--command", q))[0].results;
      expect(rows("SELECT name FROM d1_migrations ORDER BY id").map((r: { name: string }) => r.name)).toEqual(all);
      expect(rows("SELECT count(*) AS n FROM pending_teardowns")).toEqual([{ n: 0 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
