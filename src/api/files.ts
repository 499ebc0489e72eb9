import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";
import { checkPath, deleteFile, listFiles, readFile, writeFiles } from "../store/sources";
import { ApiError, notFound } from "./errors";
import { requireUser } from "./require-user";
import { anyTypeJson, asJson, ownsProject, queryValue, routes, spanning, SESSION } from "./route";
import { BuildResultSchema, SourceFileSchema, errorResponses, json } from "./schemas";

/** A project's source files (the README's API table) and in-platform builds. */

/** The file path after /files/, decoded (paths contain slashes). */
function filePath(url: string): string {
  const raw = new URL(url).pathname.match(/^\/api\/projects\/[^/]+\/files\/(.*)$/)?.[1] ?? "";
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new ApiError(
      400,
      "invalid_path",
      `"${raw.slice(0, 200)}" is not a valid file path: it has a malformed %-escape (each % must be followed by the hex of a UTF-8 byte, e.g. %20 for a space).`,
    );
  }
  return checkPath(path);
}

const FileContent = z.object({ content: z.string() }).openapi("FileContent");

/** A file's new text: either the raw text, or JSON {content}; handed on as JSON {content}. */
const fileContent = createMiddleware<AppEnv>(async (c, next) => {
  // The path is judged before the body, as it always was.
  filePath(c.req.url);
  const type = c.req.header("content-type") ?? "";
  let content: unknown;
  if (type.includes("application/json")) {
    const body = await c.req.json().catch(() => {
      throw new ApiError(
        400,
        "malformed_json",
        'The request body is not valid JSON. Send {"content": "…"} or the file\'s text with Content-Type: text/plain.',
      );
    });
    content = (body as { content?: unknown })?.content;
  } else content = await c.req.text();
  if (typeof content !== "string")
    throw new ApiError(400, "invalid_request", "content: must be the file's text as a string.");
  asJson(c, JSON.stringify({ content }));
  await next();
});

const FRAMEWORKS = ["react"];

const BuildBody = z
  .object({
    strict: z
      .boolean({ error: "strict must be true or false" })
      .optional()
      .openapi({ description: "Warnings fail the build too" }),
    framework: z.string({ error: `framework must be a string: ${FRAMEWORKS.join(", ")}` }).optional(),
    prompt: z
      .string({ error: "prompt must be a string" })
      .max(10_000, { error: "prompt must be at most 10,000 characters" })
      .optional()
      .openapi({ description: "Recorded with the version" }),
  })
  .openapi("BuildRequest");

const params = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
const fileParams = params.extend({
  path: z.string().openapi({
    param: { name: "path", in: "path" },
    description: "The file's path, e.g. src/App.tsx (slashes included)",
    example: "src/App.tsx",
  }),
});
const common = { tags: ["files"], security: SESSION };

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/files",
  summary: "The project's source files (paths, hashes, sizes)",
  middleware: [ownsProject()],
  request: { params },
  responses: {
    200: { description: "The files", ...json(z.object({ files: z.array(SourceFileSchema) })) },
    ...errorResponses(401, 403, 404),
  },
});

const read = createRoute({
  ...common,
  method: "get",
  path: "/api/projects/{id}/files/{path}",
  summary: "One file with its content (?raw: the text alone, with its hash as ETag)",
  middleware: [ownsProject()],
  request: { params: fileParams, query: z.object({ raw: queryValue("Present: answer with the file's text alone") }) },
  responses: {
    200: {
      description: "The file",
      content: {
        "application/json": { schema: SourceFileSchema.extend({ content: z.string() }) },
        "text/plain": { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const write = createRoute({
  ...common,
  method: "put",
  path: "/api/projects/{id}/files/{path}",
  summary: "Write a file: its text as the body, or JSON {content}",
  middleware: [ownsProject(), fileContent],
  request: {
    params: fileParams,
    body: {
      content: { "application/json": { schema: FileContent }, "text/plain": { schema: z.string() } },
      required: true,
    },
  },
  responses: { 200: { description: "Written", ...json(SourceFileSchema) }, ...errorResponses(400, 401, 403, 404, 413) },
});

const remove = createRoute({
  ...common,
  method: "delete",
  path: "/api/projects/{id}/files/{path}",
  summary: "Delete a file",
  middleware: [ownsProject()],
  request: { params: fileParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

const build = createRoute({
  ...common,
  method: "post",
  path: "/api/projects/{id}/build",
  summary: "Build the working copy and deploy it as a new version (a preview; production changes only by publishing)",
  middleware: [ownsProject(), anyTypeJson({ optional: true })],
  request: { params, body: { ...json(BuildBody), required: false } },
  responses: {
    200: { description: "Built and deployed", ...json(BuildResultSchema) },
    ...errorResponses(400, 401, 403, 404, 413, 422),
  },
});

export const fileRoutes = routes();
fileRoutes.use("/api/projects/:id/files", requireUser);
fileRoutes.use("/api/projects/:id/files/*", requireUser);
fileRoutes.use("/api/projects/:id/build", requireUser);

fileRoutes
  .openapi(list, async (c) => c.json({ files: await listFiles(c.env.DB, c.var.project.id) }, 200))
  .openapi(spanning(fileRoutes, read), async (c) => {
    const path = filePath(c.req.url);
    const found = await readFile(c.env.DB, c.env.CODE, c.var.project.id, path);
    if (!found) throw notFound(`The file ${path}`);
    if (c.req.query("raw") !== undefined) return c.text(found.content, 200, { etag: `"${found.file.hash}"` });
    return c.json({ ...found.file, content: found.content }, 200);
  })
  .openapi(spanning(fileRoutes, write), async (c) => {
    const path = filePath(c.req.url);
    const [file] = await writeFiles(c.env.DB, c.env.CODE, c.var.project.id, {
      [path]: (c.req.valid("json") as z.infer<typeof FileContent>).content,
    });
    return c.json(file!, 200);
  })
  .openapi(spanning(fileRoutes, remove), async (c) => {
    const path = filePath(c.req.url);
    if (!(await deleteFile(c.env.DB, c.var.project.id, path))) throw notFound(`The file ${path}`);
    return c.body(null, 204);
  })
  .openapi(build, async (c) => {
    const project = c.var.project;
    const body = c.req.valid("json");
    if (body.framework !== undefined && !FRAMEWORKS.includes(body.framework)) {
      throw new ApiError(
        400,
        "unsupported_framework",
        `Kiln builds ${FRAMEWORKS.join(", ")} apps (React + TypeScript + Tailwind with a Worker backend); "${body.framework.slice(0, 100)}" is not supported.`,
      );
    }
    const agent = await projectAgent(c.env, project.id);
    const result = await agent.build(project, {
      userId: c.var.user.id,
      source: "build",
      prompt: body.prompt ?? null,
      strict: body.strict === true,
      origin: new URL(c.req.url).origin,
    });
    if (!result.ok) {
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      const first = errors[0];
      throw new ApiError(
        422,
        "build_failed",
        `The build failed with ${errors.length} error(s)${first ? `; first: ${first.file}${first.line ? `:${first.line}:${first.column}` : ""} ${first.message}` : ""}. Nothing was deployed; the live version is unchanged.`,
        errors,
      );
    }
    return c.json(
      {
        versionId: result.versionId,
        previewUrl: result.previewUrl,
        buildTime: result.buildTime,
        diagnostics: result.diagnostics,
        timings: result.timings,
      },
      200,
    );
  });
