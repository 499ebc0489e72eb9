/**
 * The builder warms up when a workspace opens, in the project's Durable Object, with the
 * project's sources, after the answer has gone, and once however often the workspace opens.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createApi } from "../../src/api/app";
import { projectAgent } from "../../src/agent/project-agent";
import { signUp } from "./helpers";

it("opening a workspace warms the builder once, without waiting for it", async () => {
  const user = await signUp();
  const create = await createApi().fetch(
    new Request("http://localhost:8787/api/projects", {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Warm" }),
    }),
    env,
    createExecutionContext(),
  );
  const { project } = (await create.json()) as any;

  const open = async () => {
    const ctx = createExecutionContext();
    const t0 = performance.now();
    const res = await createApi().fetch(
      new Request(`http://localhost:8787/api/projects/${project.id}`, {
        headers: { authorization: `Bearer ${user.token}` },
      }),
      { ...env, BUILDER_WARMUP: "on" },
      ctx,
    );
    expect(res.status).toBe(200);
    return { answered: performance.now() - t0, ctx };
  };
  // Two workspaces open at once: one warm-up between them.
  const [a, b] = await Promise.all([open(), open()]);
  await Promise.all([waitOnExecutionContext(a.ctx), waitOnExecutionContext(b.ctx)]);

  // One warm-up, with the project's own sources: asked again, the object answers the same one.
  const agent = await projectAgent(env, project.id);
  const timings = await agent.warm();
  expect(timings).not.toBeNull();
  expect(timings!.typescript).toBeGreaterThan(0);
  expect(timings!.client).toBeGreaterThan(0);
  expect(await agent.warm()).toEqual(timings);
  // The requests answered without waiting for it.
  expect(Math.max(a.answered, b.answered)).toBeLessThan(timings!.total);
});

it("is off with BUILDER_WARMUP=off (the rest of the worker tests run that way)", () => {
  expect(env.BUILDER_WARMUP).toBe("off");
});
