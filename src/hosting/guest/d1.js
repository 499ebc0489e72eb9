// PLACEHOLDER (to be replaced by the AppDatabase/D1-shim work): lets the hosting layer load.
export class D1Database {
  constructor(rpc) { this.rpc = rpc; }
}
