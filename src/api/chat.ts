import { Hono } from "hono";
import { z } from "zod";
import type { GenerationEvent } from "../agent/events";
import { projectAgent } from "../agent/project-agent";
import type { AppEnv } from "../env";
import { previewUrl } from "../hosting/urls";
import { addChatMessage, listChatMessages } from "../store/chat-messages";
import { findOwnedProject } from "../store/projects";
import { parsePlan, type Plan } from "../agent/plan/schema";
import { ApiError, notFound } from "./errors";
import { parseJson } from "./parse";
import { requireUser } from "./require-user";

/** Seed 000's chat API: a message in, a stream of typed generation events out. */
export const chatRoutes = new Hono<AppEnv>();
chatRoutes.use("/api/chat", requireUser);
chatRoutes.use("/api/chat/*", requireUser);

const ChatBody = z.object({
  projectId: z.string({ error: "required: the project to talk about" }).min(1),
  message: z.string({ error: "required: what you want" }).trim().min(1, { error: "must not be empty" }).max(10_000, { error: "must be at most 10,000 characters" }),
  /** Show the plan and wait for approval before writing any code. */
  planFirst: z.boolean({ error: "planFirst must be true or false" }).optional(),
  /** Build the plan waiting for approval; `plan` is the person's edited version of it. */
  approve: z.object({ plan: z.record(z.string(), z.unknown(), { error: "approve.plan must be a plan object" }).optional() }, { error: "approve must be an object, e.g. {} or {\"plan\": {...}}" }).optional(),
});

async function ownProject(c: { env: AppEnv["Bindings"]; var: AppEnv["Variables"] }, id: string) {
  const project = await findOwnedProject(c.env.DB, c.var.user.id, id);
  if (!project) throw notFound("This project");
  return project;
}

/** A run id from the URL: the 26-character id the chat answered with (it also names the run in a header). */
function runId(c: { req: { param(name: "runId"): string } }): string {
  const id = c.req.param("runId");
  if (!/^[0-9A-Z]{26}$/.test(id)) throw new ApiError(400, "invalid_run_id", `"${id.slice(0, 100)}" is not a run id: use the 26-character id from the chat's run event or its x-kiln-run header.`);
  return id;
}

/** Streams a run's events; disconnecting stops only the stream, never the generation. */
async function streamRun(env: AppEnv["Bindings"], projectId: string, runId: string, after: number): Promise<Response> {
  const agent = await projectAgent(env, projectId);
  const upstream = await agent.stream(runId, after);
  return new Response(upstream.body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-kiln-run": runId, "x-accel-buffering": "no" },
  });
}

chatRoutes.post("/api/chat", async (c) => {
  const { projectId, message, planFirst, approve } = await parseJson(c, ChatBody);
  const project = await ownProject(c, projectId);
  // An edited plan is checked (and normalised) here, so a bad edit is a 400 naming what to fix and no run starts.
  let approved: { plan?: Plan } | undefined = approve && {};
  if (approve?.plan) {
    const parsed = parsePlan({ description: message, ...approve.plan });
    if (!parsed.ok) throw new ApiError(400, "invalid_plan", `The edited plan cannot be built: ${parsed.errors.join("; ")}.`, parsed.errors);
    approved = { plan: parsed.plan };
  }
  await addChatMessage(c.env.DB, project.id, "user", message);
  const agent = await projectAgent(c.env, project.id);
  const { runId } = await agent.chat(project, { userId: c.var.user.id, message, origin: new URL(c.req.url).origin, planFirst, approve: approved });
  return streamRun(c.env, project.id, runId, 0);
});

chatRoutes.get("/api/chat/:projectId/history", async (c) => {
  const project = await ownProject(c, c.req.param("projectId"));
  // ?events=1 adds each recent run's events, so past generations can be shown as they happened.
  const withEvents = c.req.query("events") === "1";
  const results = await listChatMessages(c.env.DB, project.id);
  const agent = await projectAgent(c.env, project.id);
  const runs = withEvents ? await agent.runsWithEvents(30) : await agent.runs(50);
  // Preview URLs are made afresh: a new preview key retires the ones stored with each run.
  const origin = new URL(c.req.url).origin;
  const previewUrls = await Promise.all(runs.map((r) => (r.version_id && r.preview_url ? previewUrl(c.env, origin, project, r.version_id) : null)));
  return c.json({
    messages: results.map((m) => ({ id: m.id, role: m.role, content: m.content, createdAt: m.created_at })),
    runs: runs.map((r, i) => ({
      runId: r.id,
      status: r.status,
      message: r.message,
      createdAt: new Date(r.created_at).toISOString(),
      endedAt: r.ended_at && new Date(r.ended_at).toISOString(),
      versionId: r.version_id,
      previewUrl: previewUrls[i],
      error: r.error,
      ...("events" in r ? { events: (r.events as GenerationEvent[]).map((e) => (e.type === "done" ? { ...e, previewUrl: previewUrls[i] } : e)) } : {}),
    })),
  });
});

/** Reconnecting: the events after `after` (or Last-Event-ID), then live ones until the run ends. */
chatRoutes.get("/api/chat/:projectId/runs/:runId/events", async (c) => {
  const project = await ownProject(c, c.req.param("projectId"));
  const after = Number(c.req.query("after") ?? c.req.header("last-event-id") ?? 0) || 0;
  return streamRun(c.env, project.id, runId(c), after);
});

chatRoutes.post("/api/chat/:projectId/runs/:runId/cancel", async (c) => {
  const project = await ownProject(c, c.req.param("projectId"));
  const cancelled = await (await projectAgent(c.env, project.id)).cancel(runId(c));
  return c.json({ cancelled });
});

chatRoutes.post("/api/chat/save-assistant", async (c) => {
  const body = await parseJson(c, z.object({ projectId: z.string().min(1), content: z.string().min(1).max(100_000) }));
  const project = await ownProject(c, body.projectId);
  const id = await addChatMessage(c.env.DB, project.id, "assistant", body.content);
  return c.json({ id }, 201);
});
