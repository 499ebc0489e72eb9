import { createRoute, z } from "@hono/zod-openapi";
import { projectAgent } from "../agent/project-agent";
import { ElementRefSchema, VisualEditSchema, inspectElementOf } from "../agent/visual-edit";
import { requireUser } from "./require-user";
import { anyTypeJson, ownsProject, routes, SESSION } from "./route";
import { errorResponses, json } from "./schemas";

/** Visual edits of an element picked in the preview (README: Builder API). */

const params = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
const common = { tags: ["files"], security: SESSION };

const Literal = z.union([
  z.object({ editable: z.literal(true), value: z.string(), file: z.string(), via: z.string().optional() }),
  z.object({ editable: z.literal(false), reason: z.string() }),
]);
const ElementInfoSchema = z
  .object({
    tag: z.string().openapi({ example: "h1" }),
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    component: z.object({ name: z.string(), startLine: z.number().int(), endLine: z.number().int() }).nullable(),
    text: Literal,
    className: Literal,
  })
  .openapi("ElementInfo");

const inspect = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/visual-edits/inspect",
  summary:
    "What an element picked in the preview is in the source: its component, and whether its text and classes are literals",
  middleware: [ownsProject(), anyTypeJson()],
  request: { params, body: { ...json(z.object({ element: ElementRefSchema })), required: true } },
  responses: {
    200: { description: "The element", ...json(z.object({ element: ElementInfoSchema })) },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

const apply = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/visual-edits",
  summary:
    "Change a picked element's text or Tailwind classes in its source file, build, and deploy the result as a new version",
  middleware: [ownsProject(), anyTypeJson()],
  request: { params, body: { ...json(VisualEditSchema), required: true } },
  responses: {
    200: {
      description: "Edited, built and deployed",
      ...json(
        z.object({
          versionId: z.string(),
          previewUrl: z.string().nullable(),
          files: z.array(z.string()).openapi({ description: "The files that changed" }),
          element: ElementInfoSchema,
        }),
      ),
    },
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

type Info = Awaited<ReturnType<typeof inspectElementOf>>;

/** The element without source offsets: the client needs what is editable, not where. */
function describe(info: Info): z.infer<typeof ElementInfoSchema> {
  const literal = (l: Info["text"] | Info["className"]): z.infer<typeof Literal> => {
    if (!l.editable) return l;
    if ("insertAt" in l) return { editable: true, value: "", file: l.insertAt.file };
    return { editable: true, value: l.span.value, file: l.span.file, ...("via" in l && l.via ? { via: l.via } : {}) };
  };
  return { ...info, text: literal(info.text), className: literal(info.className) };
}

export const visualEditRoutes = routes();
visualEditRoutes.use("/api/projects/:id/visual-edits", requireUser);
visualEditRoutes.use("/api/projects/:id/visual-edits/*", requireUser);

visualEditRoutes
  .openapi(inspect, async (c) => {
    const info = await inspectElementOf(c.env, c.var.project.id, c.req.valid("json").element);
    return c.json({ element: describe(info) }, 200);
  })
  .openapi(apply, async (c) => {
    const project = c.var.project;
    const agent = await projectAgent(c.env, project.id);
    const result = await agent.visualEdit(project, {
      ...c.req.valid("json"),
      userId: c.var.user.id,
      origin: new URL(c.req.url).origin,
    });
    return c.json(
      {
        versionId: result.versionId,
        previewUrl: result.previewUrl,
        files: Object.keys(result.changed),
        element: describe(result.element),
      },
      200,
    );
  });
