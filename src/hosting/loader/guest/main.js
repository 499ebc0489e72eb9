// @ts-check
// The main module of every app isolate. It wraps the platform's RPC bindings into the D1 and
// R2 APIs the app expects, then hands the request to the app's own Worker unchanged. (CPU,
// memory and subrequests are limited from outside the isolate, by the host that runs it.)
// "__KILN_ENTRY__" is replaced with the app's entrypoint module name when the version loads.
import * as app from "__KILN_ENTRY__";
import { D1Database } from "__kiln_d1.js";
import { R2Bucket } from "__kiln_r2.js";

/** @type {WeakMap<object, Record<string, unknown>>} */
const wrapped = new WeakMap();

/** @param {Record<string, any>} env */
function appEnv(env) {
  let out = wrapped.get(env);
  if (!out) {
    const { __KILN_DB, __KILN_STORAGE, ...rest } = env;
    out = { ...rest, DB: new D1Database(__KILN_DB), STORAGE: new R2Bucket(__KILN_STORAGE) };
    wrapped.set(env, out);
  }
  return out;
}

const handler = app.default;

export default {
  /** @param {Request} request @param {Record<string, any>} env @param {any} ctx */
  async fetch(request, env, ctx) {
    if (!handler || typeof handler.fetch !== "function") {
      return new Response("This app's Worker has no default export with a fetch handler.", { status: 500 });
    }
    return handler.fetch(request, appEnv(env), ctx);
  },
};
