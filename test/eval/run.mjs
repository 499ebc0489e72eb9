// Runs an evaluation script (test/eval/<name>.ts) under Node: esbuild bundles it with the planner
// sources it imports (extensionless TypeScript imports, JSON) into .kiln/eval/, then it runs with
// the arguments given. The bundle sits two levels under the repository, as the scripts' own file
// would, so paths they resolve from their folder (the Kiln launcher) stay right.
//   node test/eval/run.mjs planner --set dev
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const [name, ...rest] = process.argv.slice(2);
if (!["planner", "model"].includes(name ?? "")) {
  console.error("usage: node test/eval/run.mjs planner|model [options]");
  process.exit(2);
}
const outfile = join(root, ".kiln", "eval", `${name}.mjs`);
await build({
  entryPoints: [join(root, "test", "eval", `${name}.ts`)],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "bundle",
  logLevel: "warning",
  // CommonJS packages (pluralize) bundled into an ES module need a require for Node's built-ins.
  banner: {
    js: 'import { createRequire as __kilnRequire } from "node:module"; const require = __kilnRequire(import.meta.url);',
  },
});
process.argv = [process.argv[0], outfile, ...rest];
await import(pathToFileURL(outfile).href);
