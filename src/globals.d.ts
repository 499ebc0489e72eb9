// Tells workers-types what this Worker exports and binds, so `ctx.exports` and
// `import { env } from "cloudflare:workers"` are typed.
type KilnPlatformEnv = import("./env").Env;
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./worker");
    durableNamespaces: "AppDatabase" | "ProjectAgent";
  }
  interface Env extends KilnPlatformEnv {}
}
