/**
 * Checks for an app the scaffolder generated, driven by its plan: every table's CRUD API
 * (owner-scoped, validated, references checked) and its pages in Chromium. They reuse the
 * template's checks (test/template/app-checks.ts) for sessions, requests and watched pages.
 */
import type { Browser } from "playwright-core";
import { expect } from "vitest";
import { screenshotPath } from "../e2e/browser";
export { readTree, writeTree } from "../template/tree";
import { call, openWatchedPage, register, uniqueEmail, type Session } from "../template/app-checks";
import { fieldColumns, type Plan, type PlanColumn, type PlanTable } from "../../src/agent/plan/schema";
import { inSentence, singularLabel } from "../../src/agent/scaffold/names";

/** Tables in an order where every referenced table comes before the tables that refer to it. */
function ordered(plan: Plan): PlanTable[] {
  const out: PlanTable[] = [];
  const visit = (t: PlanTable) => {
    if (out.includes(t)) return;
    for (const c of fieldColumns(t))
      if (c.kind === "reference" && c.references !== t.name)
        visit(plan.dataModel.tables.find((x) => x.name === c.references)!);
    out.push(t);
  };
  plan.dataModel.tables.forEach(visit);
  return out;
}

/** A valid value for a column, as JSON sends it, and what the API answers for it. */
function sample(column: PlanColumn, variant: number, ids: Record<string, string>): { send: unknown; expect: unknown } {
  switch (column.kind) {
    case "text":
      return { send: `Sample ${column.name} ${variant}`, expect: `Sample ${column.name} ${variant}` };
    case "longtext":
      return { send: `Line one ${variant}\nLine two`, expect: `Line one ${variant}\nLine two` };
    case "tags":
      return { send: `work, idea${variant}`, expect: `work, idea${variant}` };
    case "email":
      return { send: `Person${variant}@Example.com`, expect: `person${variant}@example.com` };
    case "url":
      return { send: `https://example.com/${variant}`, expect: `https://example.com/${variant}` };
    case "phone":
      return {
        send: `+1 (555) 010-20${variant}0 ext. ${variant}`,
        expect: `+1 (555) 010-20${variant}0 ext. ${variant}`,
      };
    case "integer": {
      const n = inRange(3 + variant, column);
      return { send: String(n), expect: n };
    }
    case "number": {
      const n = inRange(2.5 + variant, column);
      return { send: n, expect: n };
    }
    case "money": {
      const n = inRange(12.25 + variant, column);
      return { send: n.toFixed(2), expect: n };
    }
    case "boolean":
      return variant % 2 ? { send: true, expect: 1 } : { send: "0", expect: 0 };
    case "date":
      return { send: `2026-12-${10 + variant}`, expect: `2026-12-${10 + variant}` };
    case "datetime":
      return { send: `2026-12-${10 + variant}T18:30`, expect: `2026-12-${10 + variant}T18:30` };
    case "enum": {
      const value = column.options![variant % column.options!.length]!;
      return { send: value, expect: value };
    }
    case "reference":
      return { send: ids[column.references!], expect: ids[column.references!] };
  }
}

/** `value` moved into the column's range (the API answers 400 outside it). */
function inRange(value: number, column: PlanColumn): number {
  return Math.min(column.max ?? Infinity, Math.max(column.min ?? -Infinity, value));
}

function body(table: PlanTable, variant: number, ids: Record<string, string>) {
  const send: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const column of fieldColumns(table)) {
    const s = sample(column, variant, ids);
    send[column.name] = s.send;
    expected[column.name] = s.expect;
  }
  return { send, expected };
}

/**
 * Every route of every table: create, list, get, update, delete; 400s for bad input; 401 without
 * a session; another user gets 404s, empty lists, and cannot link to the first user's rows.
 */
export async function checkCrudApi(baseUrl: string, plan: Plan): Promise<void> {
  const alice = await register(baseUrl, "alice");
  const bob = await register(baseUrl, "bob");
  const as = (s: Session) => (method: string, path: string, data?: unknown) =>
    call(baseUrl, method, path, data, s.token);
  const a = as(alice);
  const b = as(bob);
  const ids: Record<string, string> = {};
  const bobIds: Record<string, string> = {};

  for (const table of ordered(plan)) {
    const api = `api/${table.name}`;
    const what = `${table.name}: `;
    expect((await call(baseUrl, "GET", api)).status, `${what}no session`).toBe(401);

    // Create.
    const first = body(table, 1, ids);
    const created = await a("POST", api, first.send);
    expect(created.status, `${what}${JSON.stringify(created.body)}`).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), ...first.expected });
    expect(created.body).toMatchObject({ user_id: alice.user.id, created_at: expect.any(String) });
    const id: string = created.body.id;
    ids[table.name] = id;

    // List (with joined names for references) and search.
    const list = await a("GET", api);
    expect(list.status).toBe(200);
    expect(list.body[table.name]).toEqual([expect.objectContaining({ id, ...first.expected })]);
    for (const column of fieldColumns(table).filter((c) => c.kind === "reference")) {
      expect(
        list.body[table.name][0][
          `${column.name.replace(/_id$/, "")}_${plan.dataModel.tables.find((t) => t.name === column.references)!.displayColumn}`
        ],
        `${what}joined name of ${column.name}`,
      ).toBeTruthy();
      expect((await a("GET", `${api}?${column.name}=${ids[column.references!]}`)).body[table.name]).toHaveLength(1);
      expect((await a("GET", `${api}?${column.name}=nope`)).body[table.name]).toHaveLength(0);
    }
    const display = fieldColumns(table).find((c) => c.name === table.displayColumn)!;
    if (display.kind === "text") {
      expect(
        (await a("GET", `${api}?q=${encodeURIComponent(String(first.expected[display.name]).slice(7, 12))}`)).body[
          table.name
        ],
      ).toHaveLength(1);
      expect((await a("GET", `${api}?q=zzzz-nothing`)).body[table.name]).toHaveLength(0);
    }

    // Get, update.
    const got = await a("GET", `${api}/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, ...first.expected });
    const second = body(table, 2, ids);
    const updated = await a("PUT", `${api}/${id}`, second.send);
    expect(updated.status, `${what}${JSON.stringify(updated.body)}`).toBe(200);
    expect(updated.body).toMatchObject({ id, ...second.expected });
    expect((await a("GET", `${api}/${id}`)).body).toMatchObject(second.expected);

    // Validation: every required field is named in a 400; wrong types too.
    const empty = await a("POST", api, {});
    const required = fieldColumns(table).filter((c) => c.required && c.kind !== "boolean");
    if (required.length > 0) {
      expect(empty.status, what).toBe(400);
      expect(empty.body.error).toMatchObject({ code: "invalid_input", message: expect.any(String) });
      expect(Object.keys(empty.body.error.fields).sort(), what).toEqual(required.map((c) => c.name).sort());
    } else {
      expect(empty.status, what).toBe(201);
      await a("DELETE", `${api}/${empty.body.id}`);
    }
    const bad: Record<string, unknown> = { ...first.send };
    const badFields: string[] = [];
    for (const column of fieldColumns(table)) {
      const wrong = {
        integer: "many",
        number: "x",
        money: "-5",
        date: "31/12/2026",
        datetime: "tomorrow",
        email: "not-an-email",
        url: "javascript:alert(1)",
        phone: "call me maybe",
        enum: "nonsense",
      }[column.kind as string];
      if (wrong !== undefined) {
        bad[column.name] = wrong;
        badFields.push(column.name);
      }
    }
    if (badFields.length > 0) {
      const rejected = await a("POST", api, bad);
      expect(rejected.status, `${what}${JSON.stringify(rejected.body)}`).toBe(400);
      expect(Object.keys(rejected.body.error.fields).sort()).toEqual(badFields.sort());
    }
    // A range is the API's too: one past either end is a 400 naming that field (a rating of 6 of 5).
    for (const column of fieldColumns(table)) {
      for (const outside of [
        column.max !== undefined ? column.max + 1 : undefined,
        column.min !== undefined ? column.min - 1 : undefined,
      ]) {
        if (outside === undefined) continue;
        const refused = await a("POST", api, { ...first.send, [column.name]: outside });
        expect(refused.status, `${what}${column.name} = ${outside}`).toBe(400);
        expect(Object.keys(refused.body.error.fields), `${what}${column.name} = ${outside}`).toEqual([column.name]);
        // One bound says which ("0 or more"); two say both.
        const expected =
          column.max === undefined
            ? `${column.min} or more`
            : column.min === undefined
              ? `(between -?\\d+ and ${column.max}|${column.max} or less)`
              : `between ${column.min} and ${column.max}`;
        expect(refused.body.error.fields[column.name]).toMatch(new RegExp(`must be ${expected}\\.$`));
      }
    }
    // A phone number is kept as written, in the shapes people write it; other text is refused.
    for (const column of fieldColumns(table).filter((c) => c.kind === "phone")) {
      for (const phone of ["555-0100", "+44 20 7946 0958", "(030) 123 45 67 x 89", "+1.555.010.2030 #12"]) {
        const kept = await a("POST", api, { ...first.send, [column.name]: phone });
        expect(kept.status, `${what}${column.name} = ${phone}: ${JSON.stringify(kept.body)}`).toBe(201);
        expect(kept.body[column.name]).toBe(phone);
        await a("DELETE", `${api}/${kept.body.id}`);
      }
      for (const phone of ["12", "call 555-0100", "555-0100 ext. twelve", "+1 555 0100 +2"]) {
        expect(
          (await a("POST", api, { ...first.send, [column.name]: phone })).status,
          `${what}${column.name} = ${phone}`,
        ).toBe(400);
      }
    }
    const notJson = await fetch(new URL(api, baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${alice.token}` },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);

    // Bob: nothing to see, nothing to touch, nothing to link to.
    expect((await b("GET", api)).body[table.name]).toEqual([]);
    expect((await b("GET", `${api}/${id}`)).status).toBe(404);
    expect((await b("PUT", `${api}/${id}`, second.send)).status).toBe(404);
    expect((await b("DELETE", `${api}/${id}`)).status).toBe(404);
    const refs = fieldColumns(table).filter((c) => c.kind === "reference");
    if (refs.length > 0) {
      const sneaky = await b("POST", api, body(table, 1, ids).send);
      expect(sneaky.status, `${what}bob links to alice's rows`).toBe(400);
      expect(Object.keys(sneaky.body.error.fields)).toEqual([refs[0]!.name]);
    }
    const bobs = await b("POST", api, body(table, 1, bobIds).send);
    if (refs.every((c) => bobIds[c.references!] || !c.required)) {
      expect(bobs.status, `${what}${JSON.stringify(bobs.body)}`).toBe(201);
      bobIds[table.name] = bobs.body.id;
    }
    expect((await a("GET", `${api}/${id}`)).status, "alice's row is still there").toBe(200);
  }

  // The dashboard counts each user's rows.
  const dashboard = await a("GET", "api/dashboard");
  expect(dashboard.status).toBe(200);
  for (const table of plan.dataModel.tables) expect(dashboard.body[table.name], table.name).toBe(1);

  // Delete, parents first: a row's children go with it (required reference) or stay, unlinked (optional).
  const gone = new Set<string>();
  for (const table of ordered(plan)) {
    const path = `api/${table.name}/${ids[table.name]}`;
    if (gone.has(table.name)) {
      expect((await a("GET", path)).status, `${table.name} went with its parent`).toBe(404);
      continue;
    }
    expect((await a("DELETE", path)).status, table.name).toBe(204);
    expect((await a("GET", path)).status).toBe(404);
    expect((await a("DELETE", path)).status).toBe(404);
    for (const child of plan.dataModel.tables) {
      for (const column of fieldColumns(child).filter(
        (c) => c.kind === "reference" && c.references === table.name && child !== table,
      )) {
        const res = await a("GET", `api/${child.name}/${ids[child.name]}`);
        if (column.required) {
          expect(res.status, `${child.name} is deleted with its ${table.singular}`).toBe(404);
          gone.add(child.name);
        } else if (res.status === 200) {
          expect(res.body[column.name], `${child.name}.${column.name} is cleared`).toBeNull();
        }
      }
    }
  }
  for (const table of plan.dataModel.tables) {
    if (bobIds[table.name])
      expect((await b("GET", `api/${table.name}/${bobIds[table.name]}`)).status, `bob's ${table.name} survive`).toBe(
        200,
      );
  }
}

/**
 * In Chromium: sign up, see the dashboard, open every list page, create a row of every table
 * through its form, find it in the list, edit it, delete one; no console errors anywhere.
 */
export async function checkGeneratedUi(
  browser: Browser,
  baseUrl: string,
  plan: Plan,
  screenshotPrefix: string,
): Promise<void> {
  const w = await openWatchedPage(browser);
  const { page } = w;
  const navLink = (name: string) =>
    page.getByRole("navigation", { name: "Main" }).getByRole("listitem").getByRole("link", { name, exact: true });
  const shot = (name: string) =>
    page.screenshot({ path: screenshotPath(`${screenshotPrefix}-${name}`), fullPage: true });
  try {
    await page.goto(`${baseUrl}register`);
    const email = uniqueEmail("gen-ui");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: `Welcome, ${email}` }).waitFor();
    await expect(page.title()).resolves.toBe(plan.title);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: plan.title }).first().waitFor();
    await shot("1-dashboard");

    for (const table of ordered(plan)) {
      const route = `/${table.name.replace(/_/g, "-")}`;
      const what = singularLabel(table);
      await navLink(table.label).click();
      await page.getByRole("heading", { name: table.label, exact: true }).waitFor();
      await page.getByText(`No ${inSentence(table.label)} yet`).waitFor();
      await page
        .getByRole("link", { name: `New ${what}` })
        .first()
        .click();
      await page.getByRole("heading", { name: `New ${what}` }).waitFor();

      let name = "";
      for (const column of fieldColumns(table)) {
        const control = page.getByLabel(column.label, { exact: true });
        const value = `${table.singular} ${column.name} via form`;
        switch (column.kind) {
          case "boolean":
            await control.check();
            break;
          case "reference":
            await control.locator("option").nth(1).waitFor({ state: "attached" });
            await control.selectOption({ index: 1 });
            break;
          case "enum":
            await control.selectOption(column.options![column.options!.length - 1]!);
            break;
          case "integer":
          case "number":
          case "money":
            // The input carries the plan's range (the browser's own hints; the API checks it too).
            expect(await control.getAttribute("min"), `${column.name} min`).toBe(
              column.min !== undefined ? String(column.min) : column.kind === "number" ? null : "0",
            );
            expect(await control.getAttribute("max"), `${column.name} max`).toBe(
              column.max !== undefined ? String(column.max) : null,
            );
            await control.fill(String(inRange(7, column)));
            break;
          case "phone":
            expect(await control.getAttribute("type")).toBe("tel");
            await control.fill("+1 555 010 2030");
            break;
          case "date":
            await control.fill("2026-12-24");
            break;
          case "datetime":
            await control.fill("2026-12-24T18:30");
            break;
          case "email":
            await control.fill("someone@example.com");
            break;
          case "url":
            await control.fill("https://example.com/page");
            break;
          default:
            await control.fill(value);
        }
        if (column.name === table.displayColumn) name = column.kind === "text" ? value : "";
      }
      await page.getByRole("button", { name: `Create ${what}` }).click();
      await page.getByRole("heading", { name: table.label, exact: true }).waitFor();
      expect(new URL(page.url()).pathname).toBe(new URL(route.slice(1), baseUrl).pathname);
      const rowLink = name
        ? page.getByRole("link", { name, exact: true })
        : page.getByRole("link", { name: new RegExp(`^Edit ${what} `) });
      await rowLink.first().waitFor();
      await shot(`2-${table.name}`);

      // Edit it and save, before the lists its selects offer have loaded (they are held back):
      // the current choices must still be sent.
      const referenced = fieldColumns(table).flatMap((c) =>
        c.kind === "reference" && c.references ? [c.references] : [],
      );
      const held = referenced.map((name) => new RegExp(`/api/${name}(\\?|$)`));
      for (const pattern of held)
        await page.route(
          pattern,
          async (r) => (await new Promise((res) => setTimeout(res, 1500)), r.continue().catch(() => undefined)),
        );
      await page
        .getByRole("link", { name: new RegExp(`^Edit ${what} `) })
        .first()
        .click();
      await page.getByRole("heading", { name: `Edit ${what}` }).waitFor();
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("heading", { name: table.label, exact: true }).waitFor();
      for (const pattern of held) await page.unroute(pattern);
    }

    // The dashboard counts them; a deep link survives a reload.
    await navLink("Home").click();
    for (const table of plan.dataModel.tables) {
      await expect.poll(() => page.getByTestId(`count-${table.name.replace(/_/g, "-")}`).textContent()).toBe("1");
    }
    await shot("3-dashboard");
    const last = ordered(plan)[plan.dataModel.tables.length - 1]!;
    await page.goto(new URL(last.name.replace(/_/g, "-"), baseUrl).toString());
    await page.getByRole("heading", { name: last.label, exact: true }).waitFor();

    // Delete through the confirmation dialog.
    const what = singularLabel(last);
    await page
      .getByRole("button", { name: new RegExp(`^Delete ${what} `) })
      .first()
      .click();
    const dialog = page.getByRole("dialog", { name: `Delete this ${what}?` });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByText(`No ${inSentence(last.label)} yet`).waitFor();

    expect(w.problems).toEqual([]);
  } catch (err) {
    await shot("failure").catch(() => {});
    if (err instanceof Error) err.message += `\n\nPage events:\n${w.events.join("\n")}`;
    throw err;
  } finally {
    await w.close();
  }
}
