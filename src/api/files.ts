import { Hono } from "hono";
import { z } from "zod";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";
import { findOwnedProject } from "../store/projects";
import { checkPath, deleteFile, listFiles, readFile, writeFiles } from "../store/sources";
import { ApiError, notFound } from "./errors";
import { parseOptionalJson } from "./parse";
import { requireUser } from "./require-user";

/** A project's source files (seed 000 names) and in-platform builds. */
export const fileRoutes = new Hono<AppEnv>();

fileRoutes.use("/api/projects/:id/files", requireUser);
fileRoutes.use("/api/projects/:id/files/*", requireUser);
fileRoutes.use("/api/projects/:id/build", requireUser);

async function ownProject(c: { env: AppEnv["Bindings"]; var: AppEnv["Variables"] }, id: string) {
  const project = await findOwnedProject(c.env.DB, c.var.user.id, id);
  if (!project) throw notFound("This project");
  return project;
}

/** The file path after /files/, decoded (paths contain slashes). */
function filePath(url: string): string {
  const raw = new URL(url).pathname.match(/^\/api\/projects\/[^/]+\/files\/(.*)$/)?.[1] ?? "";
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, "invalid_path", `"${raw.slice(0, 200)}" is not a valid file path: it has a malformed %-escape (each % must be followed by the hex of a UTF-8 byte, e.g. %20 for a space).`);
  }
  return checkPath(path);
}

fileRoutes.get("/api/projects/:id/files", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  return c.json({ files: await listFiles(c.env.DB, project.id) });
});

fileRoutes.get("/api/projects/:id/files/*", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const path = filePath(c.req.url);
  const found = await readFile(c.env.DB, c.env.CODE, project.id, path);
  if (!found) throw notFound(`The file ${path}`);
  if (c.req.query("raw") !== undefined) return c.text(found.content, 200, { etag: `"${found.file.hash}"` });
  return c.json({ ...found.file, content: found.content });
});

fileRoutes.put("/api/projects/:id/files/*", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const path = filePath(c.req.url);
  // Either the raw text, or JSON {content}.
  const type = c.req.header("content-type") ?? "";
  let content: unknown;
  if (type.includes("application/json")) {
    const body = await c.req.json().catch(() => {
      throw new ApiError(400, "malformed_json", "The request body is not valid JSON. Send {\"content\": \"…\"} or the file's text with Content-Type: text/plain.");
    });
    content = (body as { content?: unknown })?.content;
  } else content = await c.req.text();
  if (typeof content !== "string") throw new ApiError(400, "invalid_request", "content: must be the file's text as a string.");
  const [file] = await writeFiles(c.env.DB, c.env.CODE, project.id, { [path]: content });
  return c.json(file, 200);
});

fileRoutes.delete("/api/projects/:id/files/*", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const path = filePath(c.req.url);
  if (!(await deleteFile(c.env.DB, project.id, path))) throw notFound(`The file ${path}`);
  return c.body(null, 204);
});

const FRAMEWORKS = ["react"];

const BuildBody = z.object({
  strict: z.boolean({ error: "strict must be true or false" }).optional(),
  framework: z.string({ error: `framework must be a string: ${FRAMEWORKS.join(", ")}` }).optional(),
  prompt: z.string({ error: "prompt must be a string" }).max(10_000, { error: "prompt must be at most 10,000 characters" }).optional(),
});

fileRoutes.post("/api/projects/:id/build", async (c) => {
  const project = await ownProject(c, c.req.param("id"));
  const body = await parseOptionalJson(c, BuildBody);
  if (body.framework !== undefined && !FRAMEWORKS.includes(body.framework)) {
    throw new ApiError(400, "unsupported_framework", `Kiln builds ${FRAMEWORKS.join(", ")} apps (React + TypeScript + Tailwind with a Worker backend); "${body.framework.slice(0, 100)}" is not supported.`);
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
    throw new ApiError(422, "build_failed", `The build failed with ${errors.length} error(s)${first ? `; first: ${first.file}${first.line ? `:${first.line}:${first.column}` : ""} ${first.message}` : ""}. Nothing was deployed; the live version is unchanged.`, errors);
  }
  return c.json({ versionId: result.versionId, previewUrl: result.previewUrl, buildTime: result.buildTime, diagnostics: result.diagnostics, timings: result.timings });
});
