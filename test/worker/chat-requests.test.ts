// Requests that are not data apps, through /api/chat with no model: a content site is planned,
// built, checked and deployed without login; an ask that needs a model gets a plain reply and no version.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, chat, signUp } from "./helpers";
import { visit } from "./hosting-helpers";

async function newProject(name: string) {
  const { token } = await signUp();
  const { project } = (await call("POST", "/api/projects", { token, body: { name } })).json;
  return { token, project };
}

const BAKERY = "a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000";

describe("chat, offline: requests that are not data apps", () => {
  it("an ask that needs a model ends with a plain reply, no version, and the reply in the chat history", async () => {
    const { token, project } = await newProject("Timer");
    const filesBefore = (await call("GET", `/api/projects/${project.id}/files`, { token })).json.files;
    const events = await chat(token, project.id, "a pomodoro timer");
    const phases = events.filter((e) => e.type === "phase").map((e) => `${e.phase}:${e.status}`);
    expect(phases).toEqual([
      "plan:start",
      "plan:end",
      "scaffold:skipped",
      "write:skipped",
      "check:skipped",
      "deploy:skipped",
    ]);
    expect(events.some((e) => e.type === "plan" || e.type === "file")).toBe(false);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: "done", versionId: null, previewUrl: null });
    expect(done.reply).toMatch(/^Kiln cannot build a timer without an AI model/);
    expect(done.reply).toMatch(/Settings/);
    expect(
      events
        .filter((e) => e.type === "text")
        .map((e) => e.delta)
        .join(""),
    ).toBe(done.reply);

    expect((await call("GET", `/api/projects/${project.id}/versions`, { token })).json.versions).toEqual([]);
    expect((await call("GET", `/api/projects/${project.id}/files`, { token })).json.files).toEqual(filesBefore);
    const history = (await call("GET", `/api/chat/${project.id}/history`, { token })).json;
    expect(history.messages.map((m: any) => [m.role, m.content])).toEqual([
      ["user", "a pomodoro timer"],
      ["assistant", done.reply],
    ]);
    expect(history.runs[0]).toMatchObject({ status: "done", versionId: null });

    // The next message is still a new app: the rephrasing the reply suggests builds.
    const next = (await chat(token, project.id, "log my focus sessions: date, minutes and what I worked on")).at(-1)!;
    expect(next.type, JSON.stringify(next)).toBe("done");
    expect(next.versionId).toBeTruthy();
  });

  it(
    "a content site is built, checked and deployed: its page, no sign-in, no sign-up API; then a plain edit changes its words",
    { timeout: 180_000 },
    async () => {
      const { token, project } = await newProject("Crumb & Co");
      const events = await chat(token, project.id, BAKERY);
      const done = events.at(-1)!;
      expect(done.type, JSON.stringify(done)).toBe("done");
      expect(events.filter((e) => e.type === "phase").map((e) => `${e.phase}:${e.status}`)).toEqual([
        "plan:start",
        "plan:end",
        "scaffold:start",
        "scaffold:end",
        "write:skipped",
        "check:start",
        "check:end",
        "deploy:start",
        "deploy:end",
      ]);
      const plan = events.find((e) => e.type === "plan")!;
      expect(plan.plan).toMatchObject({
        needsAuth: false,
        dataModel: { tables: [] },
        site: { name: "Crumb & Co", contact: { phone: "0113 496 0000" } },
      });
      expect(plan.summary).toMatch(/^a business site with About us, Menu, Opening hours, Contact/);
      expect(done.reply).toMatch(/^Built Crumb & Co/);
      expect(done.reply).toMatch(/Placeholder/);

      const base = done.previewUrl as string;
      const page = await visit(base);
      expect(page.status).toBe(200);
      expect(page.text).toContain("<title>Crumb &amp; Co</title>");
      const script = /src="\.?\/?(assets\/index-[^"]+\.js)"/.exec(page.text)![1]!;
      const js = (await visit(`${base}${script}`)).text;
      expect(js).toContain("0113 496 0000");
      expect(js).not.toMatch(/Sign in|Create account/);
      expect((await visit(`${base}api/health`)).status).toBe(200);
      // No accounts for strangers to create: the template's sign-up is not mounted (a body-less POST, which the 404 never reads).
      expect((await visit(`${base}api/auth/register`, { method: "POST" })).status).toBe(404);
      expect((await visit(`${base}api/auth/me`)).status).toBe(404);

      const firstContent = (await call("GET", `/api/projects/${project.id}/files/src/content.ts`, { token })).json
        .content as string;
      const edit = await chat(token, project.id, "change the phone number to 0113 496 0001");
      const edited = edit.at(-1)!;
      expect(edited.type, JSON.stringify(edited)).toBe("done");
      expect(edited.reply).toMatch(/^Done: Changed the phone number to 0113 496 0001\./);
      const content = (await call("GET", `/api/projects/${project.id}/files/src/content.ts`, { token })).json
        .content as string;
      expect(content).toContain('"phone": "0113 496 0001"');

      // Back to the first version's words (as a rebuild from that version does): the next edit starts from its plan.
      expect(
        (
          await call("PUT", `/api/projects/${project.id}/files/src/content.ts`, {
            token,
            body: { content: firstContent },
          })
        ).status,
      ).toBe(200);
      const greenRun = await chat(token, project.id, "make it green");
      const green = greenRun.at(-1)!;
      expect(green.type, JSON.stringify(green)).toBe("done");
      // The plan is that version's (its phone), not the newest one's.
      expect(greenRun.find((e) => e.type === "plan")!.plan.site.contact.phone).toBe("0113 496 0000");
      const after = (await call("GET", `/api/projects/${project.id}/files/src/content.ts`, { token })).json
        .content as string;
      expect(after).toContain('"phone": "0113 496 0000"');
      expect((await call("GET", `/api/projects/${project.id}/files/src/index.css`, { token })).json.content).toContain(
        "--color-primary: #16a34a;",
      );

      const beyond = (await chat(token, project.id, "add online ordering with a shopping cart")).at(-1)!;
      expect(beyond).toMatchObject({ type: "done", versionId: null });
      expect(beyond.reply).toMatch(/Without a model Kiln can rename the site or a section/);
    },
  );

  it("plan first shows the site plan and builds it on approval", { timeout: 180_000 }, async () => {
    const { token, project } = await newProject("Plan first site");
    const shown = await chat(
      token,
      project.id,
      "my photography portfolio, I'm Sam Lee, a wedding photographer in York",
      { planFirst: true },
    );
    const proposal = shown.find((e) => e.type === "plan")!;
    expect(proposal).toMatchObject({ awaitingApproval: true, plan: { site: { kind: "portfolio", name: "Sam Lee" } } });
    expect(shown.at(-1)).toMatchObject({ type: "done", versionId: null });
    // An answer to the plan revises it, offline, as a site edit.
    const revised = await chat(token, project.id, "make it teal", { planFirst: true });
    expect(revised.find((e) => e.type === "plan")).toMatchObject({
      awaitingApproval: true,
      plan: { theme: { primary: "#0d9488" }, site: { name: "Sam Lee" } },
    });
    const approved = await chat(token, project.id, "approve", { approve: {} });
    const done = approved.at(-1)!;
    expect(done.type, JSON.stringify(done)).toBe("done");
    expect(done.versionId).toBeTruthy();
    // Approving the person's copy of the plan (as the plan card sends it) also builds.
    const again = await newProject("Plan first site 2");
    const second = (await chat(again.token, again.project.id, BAKERY, { planFirst: true })).find(
      (e) => e.type === "plan",
    )!;
    const sent = await chat(again.token, again.project.id, BAKERY, { approve: { plan: second.plan } });
    expect(sent.at(-1)!.type, JSON.stringify(sent.at(-1))).toBe("done");
  });

  it("a plan-first ask that needs a model is a reply, not a plan to approve", async () => {
    const { token, project } = await newProject("Quiz");
    const events = await chat(token, project.id, "a trivia quiz about the 90s", { planFirst: true });
    expect(events.some((e) => e.type === "plan")).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: "done",
      versionId: null,
      reply: expect.stringMatching(/^Kiln cannot build a quiz/),
    });
    const approve = await call("POST", "/api/chat", {
      token,
      body: { projectId: project.id, message: "approve", approve: {} },
    });
    expect(approve.text).toMatch(/nothing_to_approve|There is no plan waiting for approval/);
  });
});
