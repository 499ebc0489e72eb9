import { createRoute, z } from "@hono/zod-openapi";
import { startRenderRepair } from "../agent/render-repair";
import { readArtifact } from "../hosting/artifact";
import { locateError } from "../hosting/render-report";
import { recordRender } from "../store/version-renders";
import { findVersion } from "../store/versions";
import { ApiError, notFound } from "./errors";
import { requireUser } from "./require-user";
import { anyTypeJson, ownsProject, routes, SESSION } from "./route";
import { RenderReportSchema, RenderResultSchema, errorResponses, json } from "./schemas";

/**
 * What a version's page did in the workspace's preview: the workspace posts what the preview's
 * reporter script told it (the page rendered, or failed and how), and the version keeps it, with
 * the error's place in the app's own sources, so the versions list can say which ones rendered.
 */

const path = (name: string, description?: string) =>
  z.string().openapi({ param: { name, in: "path" }, ...(description ? { description } : {}) });

const report = createRoute({
  method: "post",
  path: "/api/projects/{id}/versions/{v}/render",
  tags: ["versions"],
  security: SESSION,
  summary:
    "Record what a version's page did in the preview: rendered, or failed with the error (its file and line are found through the version's source maps)",
  middleware: [ownsProject(), anyTypeJson()],
  request: {
    params: z.object({ id: path("id"), v: path("v", "A version id") }),
    body: { ...json(RenderReportSchema), required: true },
  },
  responses: {
    200: {
      description:
        "Recorded; `repair` names the repair run this failure started (a generation's newest version, with a model connected)",
      ...json(
        z.object({
          versionId: z.string(),
          render: RenderResultSchema,
          repair: z.object({ runId: z.string(), message: z.string() }).nullable(),
        }),
      ),
    },
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});

export const versionRenderRoutes = routes();
versionRenderRoutes.use("/api/projects/:id/versions/:v/render", requireUser);

versionRenderRoutes.openapi(report, async (c) => {
  const project = c.var.project;
  const versionId = c.req.param("v");
  const row = await findVersion(c.env.DB, project.id, versionId);
  if (!row) throw notFound(`Version ${versionId}`);
  if (row.status !== "deployed")
    throw new ApiError(
      409,
      "version_not_deployed",
      `Version ${versionId} is ${row.status}: only a deployed version has a page to render.`,
    );
  const body = c.req.valid("json");
  const error =
    body.status === "failed"
      ? await locateError(c.env.CODE, await readArtifact(c.env.CODE, project.id, versionId), body.error)
      : null;
  const render = await recordRender(c.env.DB, project.id, versionId, body.status, error);
  const repair = error
    ? await startRenderRepair(c.env, project, c.var.user.id, row, error, new URL(c.req.url).origin)
    : null;
  return c.json({ versionId, render, repair }, 200);
});
