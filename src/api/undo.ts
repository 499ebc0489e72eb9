import { createRoute, z } from "@hono/zod-openapi";
import { projectAgent } from "../agent/project-agent";
import { addChatMessage } from "../store/chat-messages";
import { findVersion, versionBefore } from "../store/versions";
import { ApiError, notFound } from "./errors";
import { requireUser } from "./require-user";
import { anyTypeJson, ownsProject, routes, SESSION } from "./route";
import { RollbackResultSchema, errorResponses, json } from "./schemas";

/**
 * "Undo this change" on a run card: back to the version before the one a change made, the way a
 * restore does (a new version with the old code, published), so nothing is lost and the undo can
 * itself be undone. The conversation says what happened.
 */

const path = (name: string, description: string) => z.string().openapi({ param: { name, in: "path" }, description });

const UndoBody = z
  .object({
    data: z
      .enum(["keep", "restore"], {
        error: 'data must be "keep" (keep today\'s data) or "restore" (restore the snapshot)',
      })
      .optional(),
  })
  .openapi("UndoRequest");

const UndoResultSchema = RollbackResultSchema.extend({
  undone: z.string().openapi({ description: "The version whose change was undone" }),
  message: z.string().openapi({ description: "What happened, in words (also added to the conversation)" }),
}).openapi("UndoResult");

const undo = createRoute({
  method: "post",
  path: "/api/projects/{id}/versions/{v}/undo",
  tags: ["versions"],
  security: SESSION,
  summary:
    "Undo the change that made version v: restores the version before it as a new version (as a rollback does; data choices alike)",
  middleware: [requireUser, ownsProject(), anyTypeJson({ optional: true })],
  request: {
    params: z.object({ id: path("id", "The project"), v: path("v", "The version the change made") }),
    body: { ...json(UndoBody), required: false },
  },
  responses: {
    201: { description: "Undone", ...json(UndoResultSchema) },
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});

export const undoRoutes = routes().openapi(undo, async (c) => {
  const project = c.var.project;
  const v = c.req.param("v");
  const changed = await findVersion(c.env.DB, project.id, v);
  if (!changed) throw notFound(`Version ${v}`);
  const before = await versionBefore(c.env.DB, project.id, v);
  if (!before)
    throw new ApiError(
      409,
      "nothing_to_undo",
      `Version ${v} is the first version of this app that deployed: there is no earlier version to go back to.`,
    );
  const agent = await projectAgent(c.env, project.id);
  const result = await agent.rollback(project, before.version_id, {
    userId: c.var.user.id,
    origin: new URL(c.req.url).origin,
    data: c.req.valid("json").data,
  });
  const what =
    changed.source === "rollback" && changed.parent_version_id
      ? `the restore of version ${changed.parent_version_id}`
      : changed.prompt
        ? `“${changed.prompt.slice(0, 200)}”`
        : `version ${v}`;
  const message = `Undid ${what}: the app is back to version ${before.version_id}, now live as version ${result.versionId}. Nothing is lost: to redo the change, restore version ${v} in Versions.`;
  await addChatMessage(c.env.DB, project.id, "assistant", message);
  return c.json({ ...result, undone: v, message }, 201);
});
