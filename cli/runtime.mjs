// Brings a Node that wrangler accepts (>= 22.12) without touching the system: when the running
// Node is older, a pinned Node 22 is installed from the npm registry into .kiln/node and used.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const PINNED_NODE = "22.23.3";
const MINIMUM = [22, 12, 0];

export function isRecentEnough(version = process.versions.node) {
  const parts = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== MINIMUM[i]) return parts[i] > MINIMUM[i];
  }
  return true;
}

function packageName() {
  const platform = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform];
  const arch = { x64: "x64", arm64: "arm64" }[process.arch];
  if (!platform || !arch)
    throw new Error(
      `Kiln cannot fetch Node for ${process.platform}/${process.arch}; install Node ${MINIMUM.join(".")} or newer yourself.`,
    );
  return `node-${platform}-${arch}`;
}

/** Path of a suitable `node` binary, installing the pinned one when needed. */
export function ensureNode(root, log = console.log) {
  if (isRecentEnough()) return process.execPath;
  const prefix = join(root, ".kiln", "node");
  const pkg = packageName();
  const bin = join(prefix, "node_modules", pkg, "bin", process.platform === "win32" ? "node.exe" : "node");
  if (existsSync(bin)) {
    const probe = spawnSync(bin, ["--version"], { encoding: "utf8" });
    if (probe.status === 0 && probe.stdout.trim() === `v${PINNED_NODE}`) return bin;
  }
  log(
    `Node ${process.versions.node} is older than wrangler needs; fetching Node ${PINNED_NODE} into .kiln/node (once)…`,
  );
  const result = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `${pkg}@${PINNED_NODE}`,
    ],
    { stdio: "inherit", shell: process.platform === "win32" },
  );
  if (result.status !== 0 || !existsSync(bin))
    throw new Error(`Could not install ${pkg}@${PINNED_NODE} from the npm registry (exit ${result.status}).`);
  return bin;
}
