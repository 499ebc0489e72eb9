import { createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { attachDomain, refreshDomain, removeDomain, toDomain } from "../hosting/domains/domains";
import { bareHost } from "../hosting/domains/hostname";
import { findDomain, listDomains } from "../store/domains";
import { ErrorSchema, ProjectIdParams, errorResponses, json } from "./schemas";
import { notFound } from "./errors";
import { requireUser } from "./require-user";
import { ownsProject, routes, SESSION } from "./route";

/** A project's custom domains (its production version on a hostname of the owner's own). */

const common = { tags: ["domains"], security: SESSION, middleware: [requireUser, ownsProject()] };

const DnsRecordSchema = z
  .object({
    type: z.enum(["CNAME", "TXT"]),
    name: z.string(),
    value: z.string(),
    purpose: z.enum(["routing", "ownership", "certificate"]).openapi({
      description:
        "routing sends the domain to Kiln; ownership and certificate let Cloudflare verify it and issue its certificate",
    }),
  })
  .openapi("DnsRecord");

export const DomainSchema = z
  .object({
    hostname: z.string().openapi({ example: "shop.example.org" }),
    status: z
      .enum(["pending", "active", "failed"])
      .openapi({ description: "active: requests to the hostname reach the project's production version" }),
    ssl: z.object({
      status: z
        .enum(["pending", "active", "failed", "none"])
        .openapi({ description: "none: a local install serves the domain over http, without a certificate" }),
    }),
    records: z
      .array(DnsRecordSchema)
      .openapi({ description: "The DNS records to add; certificate records may appear only after the first refresh" }),
    errors: z.array(z.string()).openapi({ description: "What stops the domain from becoming active, in words" }),
    provider: z.enum(["local", "cloudflare"]).openapi({
      description: "local: this Kiln has no Cloudflare zone for custom domains, so the domain is active at once",
    }),
    apex: z.boolean().openapi({
      description: "Probably the apex of its domain, where a CNAME needs a DNS provider that flattens it (ALIAS/ANAME)",
    }),
    createdAt: z.string(),
    activatedAt: z.string().nullable(),
  })
  .openapi("Domain");

const DomainEnvelope = z.object({ domain: DomainSchema });
const HostnameParams = ProjectIdParams.extend({
  hostname: z
    .string()
    .min(1)
    .max(300)
    .openapi({ param: { name: "hostname", in: "path" }, example: "shop.example.org" }),
});
const providerErrors = {
  502: { description: "Cloudflare could not be reached or failed; nothing was changed", ...json(ErrorSchema) },
  503: { description: "Cloudflare is rate-limiting; retry after the seconds in Retry-After", ...json(ErrorSchema) },
};

const add = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/domains",
  summary: "Attach a custom domain to the project's production version",
  description:
    "Refused with 400 for an invalid hostname, one of this Kiln's own hosts, *.localhost or anything under APPS_DOMAIN; 409 when another project (or this one) has it. Locally the domain is active at once.",
  request: {
    params: ProjectIdParams,
    body: {
      ...json(
        z
          .object({
            hostname: z
              .string({ error: "must be a string such as shop.example.org" })
              .max(300, { error: "must be at most 300 characters" }),
          })
          .openapi("DomainInput"),
      ),
      required: true,
    },
  },
  responses: {
    201: { description: "Attached", ...json(DomainEnvelope) },
    ...errorResponses(400, 401, 404, 409, 413),
    ...providerErrors,
  },
});

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/domains",
  summary: "The project's custom domains, as last seen",
  request: { params: ProjectIdParams },
  responses: {
    200: { description: "The list", ...json(z.object({ domains: z.array(DomainSchema) })) },
    ...errorResponses(401, 404),
  },
});

const get = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/domains/{hostname}",
  summary: "One custom domain, its status refreshed from the provider",
  request: { params: HostnameParams },
  responses: {
    200: { description: "The domain", ...json(DomainEnvelope) },
    ...errorResponses(401, 404),
    ...providerErrors,
  },
});

const remove = createRoute({
  ...common,
  method: "delete",
  path: "/api/projects/{id}/domains/{hostname}",
  summary: "Detach a custom domain (its requests stop reaching the app at once)",
  request: { params: HostnameParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(401, 404), ...providerErrors },
});

/** The domain on the project the path names (ownsProject checked the project). */
async function ownedDomain(env: AppEnv["Bindings"], projectId: string, hostname: string) {
  const row = await findDomain(env.DB, bareHost(hostname));
  if (!row || row.project_id !== projectId) throw notFound(`The domain ${hostname.slice(0, 300)} on this project`);
  return row;
}

const builderHost = (url: string) => bareHost(new URL(url).host);

export const domainRoutes = routes()
  .openapi(add, async (c) => {
    const row = await attachDomain(c.env, c.var.project.id, c.req.valid("json").hostname, builderHost(c.req.url));
    return c.json({ domain: toDomain(row) }, 201);
  })
  .openapi(list, async (c) => {
    return c.json({ domains: (await listDomains(c.env.DB, c.var.project.id)).map(toDomain) }, 200);
  })
  .openapi(get, async (c) => {
    const row = await ownedDomain(c.env, c.var.project.id, c.req.valid("param").hostname);
    return c.json({ domain: toDomain(await refreshDomain(c.env, row, builderHost(c.req.url))) }, 200);
  })
  .openapi(remove, async (c) => {
    await removeDomain(c.env, await ownedDomain(c.env, c.var.project.id, c.req.valid("param").hostname));
    return c.body(null, 204);
  });
