import { createRoute, z } from "@hono/zod-openapi";
import type { Env } from "../env";
import { teardownProject } from "../hosting/delete-project";
import { productionUrl } from "../hosting/serving/urls";
import { primaryDomain, primaryDomainsOfUser } from "../store/domains";
import { listProjects, renameProject, type ProjectRow } from "../store/projects";
import { createProject } from "./create-project";
import { notFound } from "./errors";
import { requireUser } from "./require-user";
import { ownedProject, routes } from "./route";
import {
  ProjectCreateSchema,
  ProjectIdParams,
  ProjectInputSchema,
  ProjectSchema,
  errorResponses,
  json,
} from "./schemas";
import { startChat } from "./start-chat";
import { warmBuilderFor } from "./warm-builder";

const ProjectEnvelope = z.object({ project: ProjectSchema });
const common = { tags: ["projects"], security: [{ bearer: [] }], middleware: [requireUser] };

const create = createRoute({
  ...common,
  method: "post",
  path: "/api/projects",
  summary: "Create a project; with a description, its generation starts at once",
  request: { body: { ...json(ProjectCreateSchema), required: true } },
  responses: {
    201: {
      description:
        "Created; `runId` (with a description) names the generation, to follow at /api/chat/{projectId}/runs/{runId}/events",
      ...json(ProjectEnvelope.extend({ runId: z.string().optional() })),
    },
    ...errorResponses(400, 401, 413),
  },
});

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/projects",
  summary: "Your projects, newest first",
  responses: {
    200: { description: "The list", ...json(z.object({ projects: z.array(ProjectSchema) })) },
    ...errorResponses(401),
  },
});

const get = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}",
  summary: "One project",
  request: { params: ProjectIdParams },
  responses: { 200: { description: "The project", ...json(ProjectEnvelope) }, ...errorResponses(401, 404) },
});

const rename = createRoute({
  ...common,
  method: "patch",
  path: "/api/projects/{id}",
  summary: "Rename a project (its slug and URLs stay the same)",
  request: { params: ProjectIdParams, body: { ...json(ProjectInputSchema), required: true } },
  responses: { 200: { description: "Renamed", ...json(ProjectEnvelope) }, ...errorResponses(400, 401, 404, 413) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  path: "/api/projects/{id}",
  summary: "Delete a project and everything it owns",
  request: { params: ProjectIdParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404) },
});

export const projectRoutes = routes()
  .openapi(create, async (c) => {
    const { name, description, planFirst } = c.req.valid("json");
    const origin = new URL(c.req.url).origin;
    // Every builder project starts from the app template. Without a name, the description stands in
    // until the generation's plan names the project.
    const row = await createProject(c.env, c.var.user.id, name ?? provisionalName(description!), {
      template: true,
      nameFromPlan: name === undefined,
    });
    const project = toProject(row, c.env, origin);
    if (description === undefined) return c.json({ project }, 201);
    const { runId } = await startChat(c.env, row, {
      userId: c.var.user.id,
      message: description,
      origin,
      planFirst,
    });
    return c.json({ project, runId }, 201);
  })
  .openapi(list, async (c) => {
    const rows = await listProjects(c.env.DB, c.var.user.id);
    const domains = await primaryDomainsOfUser(c.env.DB, c.var.user.id);
    return c.json(
      {
        projects: rows.map((row) =>
          toProject({ ...row, domain: domains.get(row.id) }, c.env, new URL(c.req.url).origin),
        ),
      },
      200,
    );
  })
  .openapi(get, async (c) => {
    const row = await ownedProject(c, c.req.valid("param").id);
    // The workspace opens with this request: its first build is likely seconds away.
    warmBuilderFor(c, row.id);
    return c.json(
      {
        project: toProject({ ...row, domain: await primaryDomain(c.env.DB, row.id) }, c.env, new URL(c.req.url).origin),
      },
      200,
    );
  })
  .openapi(rename, async (c) => {
    const row = await renameProject(c.env.DB, c.var.user.id, c.req.valid("param").id, c.req.valid("json").name);
    if (!row) throw notFound("This project");
    return c.json(
      {
        project: toProject({ ...row, domain: await primaryDomain(c.env.DB, row.id) }, c.env, new URL(c.req.url).origin),
      },
      200,
    );
  })
  .openapi(remove, async (c) => {
    const row = await ownedProject(c, c.req.valid("param").id);
    // Its rows go in the first batch; large projects' files continue in the background.
    await teardownProject(c.env, row);
    return c.body(null, 204);
  });

/** A name to show until the plan names the project: the description's first words. */
export function provisionalName(description: string): string {
  const words = description.replace(/\s+/g, " ").trim();
  const cut = words.length <= 40 ? words : `${words.slice(0, 40).replace(/\s+\S*$/, "")}…`;
  return cut.charAt(0).toUpperCase() + cut.slice(1);
}

/** `domain`: the project's active custom domain, which its URLs then show. */
export function toProject(
  row: ProjectRow & { domain?: string | null },
  env: Pick<Env, "APPS_DOMAIN">,
  origin: string,
): z.infer<typeof ProjectSchema> {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    // Made afresh, as the stored one names the host of whatever origin published it.
    deployedUrl: row.deployed_url && productionUrl(env, origin, row),
    productionUrl: productionUrl(env, origin, row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
