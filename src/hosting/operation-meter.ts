import type { Env } from "../env";

/**
 * Counts what one invocation asks of D1, R2 and KV. Cloudflare stops an invocation past 1,000
 * subrequests (Workers Paid) and 1,000 D1 queries; local workerd enforces neither, so work that
 * walks many rows (the nightly clean-up) meters itself with this and stops in time, and tests
 * wrap the same bindings to prove the budget holds.
 */
export interface OperationMeter {
  total: number;
  d1: number;
  r2: number;
  kv: number;
}

/** Cloudflare's per-invocation limit on subrequests and on D1 queries (Workers Paid). */
export const INVOCATION_OPERATION_LIMIT = 1000;

export function newMeter(): OperationMeter {
  return { total: 0, d1: 0, r2: 0, kv: 0 };
}

const R2_OPS = new Set(["get", "put", "head", "delete", "list", "createMultipartUpload", "resumeMultipartUpload"]);
const KV_OPS = new Set(["get", "getWithMetadata", "put", "delete", "list"]);
const D1_RUN = new Set(["first", "all", "run", "raw"]);

/** The same env, with DB, CODE and KV counting into `meter` (every other binding untouched). */
export function meteredEnv<E extends Pick<Env, "DB" | "CODE" | "KV">>(env: E, meter: OperationMeter): E {
  const count = (kind: "d1" | "r2" | "kv") => {
    meter.total++;
    meter[kind]++;
  };
  const statement = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => statement(value.apply(target, args));
        if (D1_RUN.has(String(prop))) return (...args: unknown[]) => (count("d1"), value.apply(target, args));
        return value.bind(target);
      },
    });
  const db = new Proxy(env.DB, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "prepare") return (sql: string) => statement(value.call(target, sql));
      // A batch is one query to D1's limit, and exec one per statement (counted as one here: nothing metered uses it).
      if (prop === "batch" || prop === "exec") return (...args: unknown[]) => (count("d1"), value.apply(target, args));
      return value.bind(target);
    },
  });
  const wrap = <T extends object>(binding: T, ops: Set<string>, kind: "r2" | "kv"): T =>
    new Proxy(binding, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (ops.has(String(prop))) return (...args: unknown[]) => (count(kind), value.apply(target, args));
        return value.bind(target);
      },
    });
  return { ...env, DB: db, CODE: wrap(env.CODE, R2_OPS, "r2"), KV: wrap(env.KV, KV_OPS, "kv") };
}
