import { ApiError } from "../../errors";
import type { Env } from "../../env";
import {
  deleteDomain,
  findDomain,
  insertDomain,
  listDomains,
  updateDomainState,
  type DomainRow,
} from "../../store/domains";
import { deleteDomainRoute, forgetRoutes, writeDomainRoute } from "../serving/routes";
import { checkCustomHostname, looksLikeApex } from "./hostname";
import { domainProvider, localProvider, type DomainProvider } from "./provider";

/**
 * Attaching, refreshing and removing a project's custom domains: Kiln's table says who owns a
 * hostname, the provider gives it a route and certificate, and the host map in KV sends its
 * requests to the project once it is active.
 */

const taken = (hostname: string) =>
  new ApiError(
    409,
    "domain_taken",
    `${hostname} is already attached to a Kiln project. A hostname serves one project: remove it there first.`,
  );

export async function attachDomain(
  env: Env,
  projectId: string,
  input: string,
  builderHost: string,
): Promise<DomainRow> {
  const hostname = checkCustomHostname(input, env, builderHost);
  const provider = domainProvider(env, builderHost);
  if (await findDomain(env.DB, hostname)) throw taken(hostname);
  // The row reserves the name first, so two projects racing for it cannot both get it.
  const row = await insertDomain(env.DB, projectId, hostname, provider.name);
  if (!row) throw taken(hostname);
  let state;
  try {
    state = await provider.attach(hostname);
  } catch (err) {
    await deleteDomain(env.DB, hostname);
    throw err;
  }
  return settle(env, row, state);
}

/** The domain as the provider sees it now; the host map follows its status. */
export async function refreshDomain(env: Env, row: DomainRow, builderHost: string): Promise<DomainRow> {
  if (row.status === "active" && row.provider === "local") return row;
  return settle(env, row, await providerOf(env, row, builderHost).refresh(row));
}

export async function removeDomain(env: Env, row: DomainRow): Promise<void> {
  await providerOf(env, row, "").detach(row);
  await deleteDomainRoute(env.KV, row.hostname);
  await deleteDomain(env.DB, row.hostname);
  forgetRoutes(row.project_id);
}

/** Part of a project's teardown: every domain leaves the provider and the host map (the rows go with the project). */
export async function removeProjectDomains(env: Env, projectId: string): Promise<void> {
  for (const row of await listDomains(env.DB, projectId)) await removeDomain(env, row);
}

async function settle(env: Env, row: DomainRow, state: Parameters<typeof updateDomainState>[2]): Promise<DomainRow> {
  const updated = (await updateDomainState(env.DB, row.hostname, state)) ?? { ...row, ...state };
  if (updated.status === "active") await writeDomainRoute(env.KV, updated.hostname, updated.project_id);
  else if (row.status === "active") await deleteDomainRoute(env.KV, updated.hostname);
  forgetRoutes(updated.project_id);
  return updated;
}

function providerOf(env: Env, row: DomainRow, builderHost: string): DomainProvider {
  // A domain stays with the provider that attached it.
  return row.provider === "local" ? localProvider(builderHost) : domainProvider(env, builderHost);
}

/** A domain as the API shows it. */
export function toDomain(row: DomainRow) {
  return {
    hostname: row.hostname,
    status: row.status,
    ssl: { status: row.ssl_status },
    records: row.records,
    errors: row.errors,
    provider: row.provider,
    apex: looksLikeApex(row.hostname),
    createdAt: row.created_at,
    activatedAt: row.activated_at,
  };
}
