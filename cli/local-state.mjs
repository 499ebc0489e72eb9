// Local state written before wrangler.jsonc lost its placeholder ids. Locally, wrangler stores a
// D1 database or KV namespace under its id, or under its binding name when it has none; the ids
// went, so without this `npm start` would open an empty platform database next to the old one.
import { existsSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";

/**
 * File names are workerd's object ids for the storage name (derived from it, stable across
 * versions): D1 "00000000-0000-4000-8000-000000000001" → "DB", KV "kiln-kv" → "KV".
 */
const MOVES = [
  {
    dir: "v3/d1/miniflare-D1DatabaseObject",
    from: "37202af4a48e51a6f9bf1676145f85cdbaaf76a4a51b95f5120b328bf5460e72",
    to: "e7352547963de7050bd7d94658afc4fe78b61811b7815da12d90be8e863abf4d",
    what: "platform database",
  },
  {
    dir: "v3/kv/miniflare-KVNamespaceObject",
    from: "1f7c0ec3596f2a97957ada664713c7e3773f907d4db0c2647636fafa0302b068",
    to: "4f0b3839dd15a13ff445a1aeea339588ae4ebd1083bfd1419829a182fa3baee9",
    what: "KV index",
  },
];
const DIR_MOVES = [{ from: "v3/kv/kiln-kv", to: "v3/kv/KV", what: "KV values" }];

/** Moves old local state to the names wrangler now uses, once; never over state already there. */
export function moveLegacyLocalState(persistTo, log = () => {}) {
  const moved = [];
  for (const m of MOVES) {
    const dir = join(persistTo, m.dir);
    if (!existsSync(join(dir, `${m.from}.sqlite`)) || existsSync(join(dir, `${m.to}.sqlite`))) continue;
    for (const file of readdirSync(dir).filter((f) => f.startsWith(`${m.from}.sqlite`)))
      renameSync(join(dir, file), join(dir, m.to + file.slice(m.from.length)));
    moved.push(m.what);
  }
  for (const m of DIR_MOVES) {
    if (existsSync(join(persistTo, m.from)) && !existsSync(join(persistTo, m.to))) {
      renameSync(join(persistTo, m.from), join(persistTo, m.to));
      moved.push(m.what);
    }
  }
  if (moved.length) log(`moved the local ${moved.join(", ")} to the names wrangler.jsonc now gives them`);
  return moved;
}
