import { createRoute, z } from "@hono/zod-openapi";
import type { GenerationEvent } from "../agent/events";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";
import { previewUrl } from "../hosting/serving/urls";
import { addChatMessage, listChatMessages } from "../store/chat-messages";
import { parsePlan, type Plan } from "../agent/plan/schema";
import { ElementRefSchema } from "../agent/visual-edit";
import { ApiError } from "./errors";
import { startChat } from "./start-chat";
import { requireUser } from "./require-user";
import { anyTypeJson, ownedProject, ownsProject, queryValue, routes, SESSION } from "./route";
import { ChatMessageSchema, RunSummarySchema, errorResponses, json } from "./schemas";

/** The chat API: a message in, a stream of typed generation events out. */

const ChatBody = z
  .object({
    projectId: z.string({ error: "required: the project to talk about" }).min(1),
    message: z
      .string({ error: "required: what you want" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(10_000, { error: "must be at most 10,000 characters" }),
    /** Show the plan and wait for approval before writing any code. */
    planFirst: z
      .boolean({ error: "planFirst must be true or false" })
      .optional()
      .openapi({ description: "Show the plan and wait for approval before writing any code" }),
    /** Build the plan waiting for approval; `plan` is the person's edited version of it. */
    approve: z
      .object(
        { plan: z.record(z.string(), z.unknown(), { error: "approve.plan must be a plan object" }).optional() },
        { error: 'approve must be an object, e.g. {} or {"plan": {...}}' },
      )
      .optional()
      .openapi({ description: "Build the plan waiting for approval; `plan` is the person's edited version of it" }),
    element: ElementRefSchema.optional().openapi({
      description: "An element picked in the preview that the message is about (its source tag)",
    }),
  })
  .openapi("ChatRequest");

const SaveBody = z.object({ projectId: z.string().min(1), content: z.string().min(1).max(100_000) });

const runParams = z.object({
  projectId: z.string().openapi({ param: { name: "projectId", in: "path" } }),
  runId: z.string().openapi({
    param: { name: "runId", in: "path" },
    description: "The 26-character id from the chat's run event or its x-kiln-run header",
  }),
});
const projectParams = runParams.pick({ projectId: true });

const events = {
  description:
    "Server-sent events: each `data:` is one generation event (run, phase, plan, file, …, done or error), with its seq as the event id",
  content: { "text/event-stream": { schema: z.string() } },
};
const common = { tags: ["chat"], security: SESSION };

const chat = createRoute({
  ...common,
  method: "post",
  path: "/api/chat",
  summary: "Send a message: starts a generation and streams its events (disconnecting never stops it)",
  middleware: [anyTypeJson()],
  request: { body: { ...json(ChatBody), required: true } },
  responses: { 200: events, ...errorResponses(400, 401, 403, 404, 413) },
});

const history = createRoute({
  ...common,
  method: "get",
  path: "/api/chat/{projectId}/history",
  summary: "The conversation and the recent runs",
  middleware: [ownsProject("projectId")],
  request: { params: projectParams, query: z.object({ events: queryValue("1: add each recent run's events") }) },
  responses: {
    200: {
      description: "Messages and runs",
      ...json(z.object({ messages: z.array(ChatMessageSchema), runs: z.array(RunSummarySchema) })),
    },
    ...errorResponses(401, 403, 404),
  },
});

const reconnect = createRoute({
  ...common,
  method: "get",
  path: "/api/chat/{projectId}/runs/{runId}/events",
  summary: "Reconnect: the events after `after` (or Last-Event-ID), then live ones until the run ends",
  middleware: [ownsProject("projectId")],
  request: { params: runParams, query: z.object({ after: queryValue("The last seq seen (or send Last-Event-ID)") }) },
  responses: { 200: events, ...errorResponses(400, 401, 403, 404) },
});

const cancel = createRoute({
  ...common,
  method: "post",
  path: "/api/chat/{projectId}/runs/{runId}/cancel",
  summary: "Stop a run; nothing of it is deployed",
  middleware: [ownsProject("projectId")],
  request: { params: runParams },
  responses: {
    200: { description: "Whether a running or queued run was stopped", ...json(z.object({ cancelled: z.boolean() })) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const save = createRoute({
  ...common,
  method: "post",
  path: "/api/chat/save-assistant",
  summary: "Store an assistant message in the conversation",
  middleware: [anyTypeJson()],
  request: { body: { ...json(SaveBody), required: true } },
  responses: {
    201: { description: "Stored", ...json(z.object({ id: z.string() })) },
    ...errorResponses(400, 401, 403, 404, 413),
  },
});

/** A run id from the URL: the 26-character id the chat answered with (it also names the run in a header). */
function runId(id: string): string {
  if (!/^[0-9A-Z]{26}$/.test(id))
    throw new ApiError(
      400,
      "invalid_run_id",
      `"${id.slice(0, 100)}" is not a run id: use the 26-character id from the chat's run event or its x-kiln-run header.`,
    );
  return id;
}

/** Streams a run's events; disconnecting stops only the stream, never the generation. */
async function streamRun(env: AppEnv["Bindings"], projectId: string, runId: string, after: number): Promise<Response> {
  const agent = await projectAgent(env, projectId);
  const upstream = await agent.stream(runId, after);
  return new Response(upstream.body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-kiln-run": runId,
      "x-accel-buffering": "no",
    },
  });
}

export const chatRoutes = routes();
chatRoutes.use("/api/chat", requireUser);
chatRoutes.use("/api/chat/*", requireUser);

chatRoutes
  .openapi(chat, async (c) => {
    const { projectId, message, planFirst, approve, element } = c.req.valid("json");
    const project = await ownedProject(c, projectId);
    // An edited plan is checked (and normalised) here, so a bad edit is a 400 naming what to fix and no run starts.
    let approved: { plan?: Plan } | undefined = approve && {};
    if (approve?.plan) {
      const parsed = parsePlan({ description: message, ...approve.plan });
      if (!parsed.ok)
        throw new ApiError(
          400,
          "invalid_plan",
          `The edited plan cannot be built: ${parsed.errors.join("; ")}.`,
          parsed.errors,
        );
      approved = { plan: parsed.plan };
    }
    const { runId } = await startChat(c.env, project, {
      userId: c.var.user.id,
      message,
      origin: new URL(c.req.url).origin,
      planFirst,
      approve: approved,
      element,
    });
    return streamRun(c.env, project.id, runId, 0);
  })
  .openapi(history, async (c) => {
    const project = c.var.project;
    // ?events=1 adds each recent run's events, so past generations can be shown as they happened.
    const withEvents = c.req.query("events") === "1";
    const results = await listChatMessages(c.env.DB, project.id);
    const agent = await projectAgent(c.env, project.id);
    const runs = withEvents ? await agent.runsWithEvents(30) : await agent.runs(50);
    // Preview URLs are made afresh: a new preview key retires the ones stored with each run.
    const origin = new URL(c.req.url).origin;
    const previewUrls = await Promise.all(
      runs.map((r) => (r.version_id && r.preview_url ? previewUrl(c.env, origin, project, r.version_id) : null)),
    );
    return c.json(
      {
        messages: results.map((m) => ({ id: m.id, role: m.role, content: m.content, createdAt: m.created_at })),
        runs: runs.map((r, i) => ({
          runId: r.id,
          status: r.status as z.infer<typeof RunSummarySchema>["status"],
          message: r.message,
          createdAt: new Date(r.created_at).toISOString(),
          endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
          versionId: r.version_id,
          previewUrl: previewUrls[i] ?? null,
          error: r.error,
          ...("events" in r
            ? {
                events: (r.events as GenerationEvent[]).map((e) =>
                  e.type === "done" ? { ...e, previewUrl: previewUrls[i] } : e,
                ) as unknown as Record<string, unknown>[],
              }
            : {}),
        })),
      },
      200,
    );
  })
  .openapi(reconnect, async (c) => {
    const after = Number(c.req.query("after") ?? c.req.header("last-event-id") ?? 0) || 0;
    return streamRun(c.env, c.var.project.id, runId(c.req.param("runId")), after);
  })
  .openapi(cancel, async (c) => {
    const cancelled = await (await projectAgent(c.env, c.var.project.id)).cancel(runId(c.req.param("runId")));
    return c.json({ cancelled }, 200);
  })
  .openapi(save, async (c) => {
    const body = c.req.valid("json");
    const project = await ownedProject(c, body.projectId);
    const id = await addChatMessage(c.env.DB, project.id, "assistant", body.content);
    return c.json({ id }, 201);
  });
