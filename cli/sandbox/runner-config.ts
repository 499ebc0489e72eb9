import { COMPATIBILITY_DATE } from "../../src/compatibility.ts";

/**
 * The workerd configuration of a sandbox process (Cap'n Proto text, workerd's own config format).
 * Every process runs the same config; what differs per project comes from the command line (the
 * directory of its databases) and the environment (its project id, the shared secret).
 */
export interface RunnerConfig {
  /** File name of the bundled runner Worker, next to the config file. */
  runnerFile: string;
  platformPort: number;
  /** V8 heap per isolate, as Cloudflare's 128 MB. */
  memoryMb: number;
  platformHosts: string;
  appsDomain: string;
}

/** The disk service that holds a project's databases; `--directory-path databases=<dir>` points it per process. */
export const DATABASES_DIR = "databases";
/**
 * The databases' namespace key: the one `wrangler dev` gives the platform's AppDatabase class, so
 * a database has the same object id and file name (`<key>/<id>.sqlite`) in both places and the
 * databases of apps that ran in-process can be moved into their sandbox as they are.
 */
export const DATABASE_NAMESPACE = "kiln-AppDatabase";

export function runnerConfig(c: RunnerConfig): string {
  const text = (s: string) => JSON.stringify(s);
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "runner", worker = .runner),
    # Apps' outbound network: publicly routable addresses only. workerd checks the address a name
    # resolves to, so no host name (an /etc/hosts alias, a DNS record) reaches loopback or a LAN.
    (name = "internet", network = (allow = ["public"], tlsOptions = (trustBrowserCas = true))),
    (name = "platform", external = (address = ${text(`127.0.0.1:${c.platformPort}`)}, http = ())),
    (name = ${text(DATABASES_DIR)}, disk = (path = ".", writable = true)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "runner") ],
  v8Flags = [ ${text(`--max-old-space-size=${Math.max(16, Math.round(c.memoryMb))}`)} ],
);

const runner :Workerd.Worker = (
  modules = [ (name = "runner.js", esModule = embed ${text(c.runnerFile)}) ],
  compatibilityDate = ${text(COMPATIBILITY_DATE)},
  bindings = [
    (name = "LOADER", workerLoader = ()),
    (name = "APP_DB", durableObjectNamespace = "AppDatabase"),
    (name = "PLATFORM", service = "platform"),
    (name = "KILN_PROJECT", fromEnvironment = "KILN_PROJECT"),
    (name = "KILN_SANDBOX_SECRET", fromEnvironment = "KILN_SANDBOX_SECRET"),
    (name = "PLATFORM_HOSTS", text = ${text(c.platformHosts)}),
    (name = "APPS_DOMAIN", text = ${text(c.appsDomain)}),
  ],
  durableObjectNamespaces = [ (className = "AppDatabase", uniqueKey = ${text(DATABASE_NAMESPACE)}, enableSql = true) ],
  durableObjectStorage = (localDisk = ${text(DATABASES_DIR)}),
  globalOutbound = "internet",
);
`;
}
