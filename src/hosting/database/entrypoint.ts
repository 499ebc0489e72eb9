import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../../env";
import { appDatabase } from "./app-db";
import type { AppEnvironment } from "../app-environment";
import type { SqlStatement } from "./app-database";

/**
 * An app isolate's database binding (wrapped into the D1 API by guest/d1.js). The platform sets
 * the props when it loads the app, so an app can only ever reach its own database. Every
 * method here is callable by the app, so there are no others (not even private helpers).
 */
export class AppDb extends WorkerEntrypoint<Pick<Env, "APP_DB">, { projectId: string; environment: AppEnvironment }> {
  query(statements: SqlStatement[]) {
    return appDatabase(this.env, this.ctx.props.projectId, this.ctx.props.environment).query(statements);
  }

  exec(sql: string) {
    return appDatabase(this.env, this.ctx.props.projectId, this.ctx.props.environment).exec(sql);
  }
}
