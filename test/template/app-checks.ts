/**
 * Checks for a running Kiln app, given only its base URL. They do not care how the app is served:
 * `wrangler dev` (outside-kiln.test.ts), behind a path prefix, or Kiln's own hosting of the same
 * sources. Every check makes its own users (random emails), so they can run against an app that
 * already has data.
 *
 * `baseUrl` is the app's root with a trailing slash: http://127.0.0.1:8787/ or
 * http://localhost:8787/apps/<id>/.
 */
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { screenshotPath } from "../e2e/browser";

// ─── HTTP ────────────────────────────────────────────────────────────────────────────────────

export interface Session {
  token: string;
  user: { id: string; email: string };
  email: string;
  password: string;
}

export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

/** A JSON request against the app: `call(base, "POST", "api/auth/login", body, token)`. */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text, so a failing expectation shows it */
  }
  return { status: res.status, body: parsed as T };
}

export const uniqueEmail = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/** Registers a new user and returns the session. */
export async function register(baseUrl: string, label = "user"): Promise<Session> {
  const email = uniqueEmail(label);
  const password = "correct horse battery";
  const res = await call(baseUrl, "POST", "api/auth/register", { email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...res.body, email, password };
}

/** The auth contract every app has (template worker/auth.ts). */
export async function checkAuthApi(baseUrl: string): Promise<Session> {
  const session = await register(baseUrl, "api");
  expect(session.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(session.user).toMatchObject({ email: session.email });
  expect(session.user).not.toHaveProperty("password_hash");
  expect(session.user).not.toHaveProperty("salt");

  const me = await call(baseUrl, "GET", "api/auth/me", undefined, session.token);
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ id: session.user.id, email: session.email });

  // No token, a bad token: 401 with the error shape.
  const anonymous = await call(baseUrl, "GET", "api/auth/me");
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  expect((await call(baseUrl, "GET", "api/auth/me", undefined, `${session.token}x`)).status).toBe(401);

  // Login: right password 200; wrong password and unknown email 401 with the same message.
  const login = await call(baseUrl, "POST", "api/auth/login", {
    email: session.email.toUpperCase(),
    password: session.password,
  });
  expect(login.status).toBe(200);
  expect(login.body.user.id).toBe(session.user.id);
  const wrongPassword = await call(baseUrl, "POST", "api/auth/login", {
    email: session.email,
    password: "not the password",
  });
  const unknownEmail = await call(baseUrl, "POST", "api/auth/login", {
    email: uniqueEmail("nobody"),
    password: "not the password",
  });
  expect(wrongPassword.status).toBe(401);
  expect(unknownEmail.status).toBe(401);
  expect(unknownEmail.body.error.message).toBe(wrongPassword.body.error.message);

  // Bad input: 400 with a message; a taken email: 409.
  const invalid = await call(baseUrl, "POST", "api/auth/register", { email: "not-an-email", password: "short" });
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.code).toBe("invalid_input");
  expect(invalid.body.error.message).toMatch(/email/i);
  const notJson = await fetch(new URL("api/auth/login", baseUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{oops",
  });
  expect(notJson.status).toBe(400);
  const taken = await call(baseUrl, "POST", "api/auth/register", {
    email: session.email,
    password: "another password",
  });
  expect(taken.status).toBe(409);

  // Unknown API paths are JSON 404s; other paths are the single-page app.
  const unknownApi = await call(baseUrl, "GET", "api/no-such-thing");
  expect(unknownApi.status).toBe(404);
  expect(unknownApi.body.error.code).toBe("not_found");
  const deepLink = await fetch(new URL("some/client/route", baseUrl), {
    headers: { accept: "text/html", "sec-fetch-mode": "navigate" },
  });
  expect(deepLink.status).toBe(200);
  expect(await deepLink.text()).toContain('<div id="root">');
  return session;
}

/** The CRM sample's API (templates/samples/crm/worker): owner-scoped CRUD and the dashboard. */
export async function checkCrmApi(baseUrl: string): Promise<void> {
  const alice = await register(baseUrl, "alice");
  const bob = await register(baseUrl, "bob");
  const as = (s: Session) => (method: string, path: string, body?: unknown) =>
    call(baseUrl, method, path, body, s.token);
  const a = as(alice);
  const b = as(bob);

  // Everything needs a session.
  expect((await call(baseUrl, "GET", "api/companies")).status).toBe(401);

  // Create a company, a contact in it and a deal with it.
  const company = await a("POST", "api/companies", {
    name: "Acme Corp",
    industry: "Manufacturing",
    website: "https://acme.example",
  });
  expect(company.status, JSON.stringify(company.body)).toBe(201);
  expect(company.body).toMatchObject({
    id: expect.any(String),
    name: "Acme Corp",
    industry: "Manufacturing",
    notes: null,
  });
  const companyId: string = company.body.id;

  const contact = await a("POST", "api/contacts", {
    name: "Wile E. Coyote",
    email: "wile@acme.example",
    company_id: companyId,
  });
  expect(contact.status, JSON.stringify(contact.body)).toBe(201);
  const deal = await a("POST", "api/deals", {
    title: "Rocket skates",
    company_id: companyId,
    amount: "12000",
    stage: "proposal",
    close_date: "2026-12-31",
  });
  expect(deal.status, JSON.stringify(deal.body)).toBe(201);
  expect(deal.body).toMatchObject({ amount: 12000, stage: "proposal", close_date: "2026-12-31" });
  await a("POST", "api/deals", { title: "Anvils", company_id: companyId, amount: 3000, stage: "won" });

  // Lists, with joins and counts.
  const companies = await a("GET", "api/companies");
  expect(companies.body.companies).toEqual([
    expect.objectContaining({ id: companyId, contact_count: 1, deal_count: 2 }),
  ]);
  const contacts = await a("GET", `api/contacts?company_id=${companyId}`);
  expect(contacts.body.contacts).toEqual([
    expect.objectContaining({ name: "Wile E. Coyote", company_name: "Acme Corp" }),
  ]);
  expect((await a("GET", "api/deals?stage=won")).body.deals).toEqual([
    expect.objectContaining({ title: "Anvils", company_name: "Acme Corp" }),
  ]);
  expect((await a("GET", "api/companies?q=acm")).body.companies).toHaveLength(1);
  expect((await a("GET", "api/companies?q=zzz")).body.companies).toHaveLength(0);

  // Dashboard totals.
  const dashboard = await a("GET", "api/dashboard");
  expect(dashboard.status).toBe(200);
  expect(dashboard.body).toMatchObject({
    companies: 1,
    contacts: 1,
    deals: { total: 2, open_count: 1, open_amount: 12000, won_count: 1, won_amount: 3000 },
  });

  // Update.
  const updated = await a("PUT", `api/companies/${companyId}`, { name: "Acme Corporation", industry: "Manufacturing" });
  expect(updated.status).toBe(200);
  expect(updated.body.name).toBe("Acme Corporation");

  // Validation: clear 400s with per-field messages.
  const noName = await a("POST", "api/companies", { name: "  " });
  expect(noName.status).toBe(400);
  expect(noName.body.error).toMatchObject({ code: "invalid_input", fields: { name: expect.any(String) } });
  const badDeal = await a("POST", "api/deals", { title: "x", company_id: companyId, amount: -5, stage: "maybe" });
  expect(badDeal.status).toBe(400);
  expect(Object.keys(badDeal.body.error.fields).sort()).toEqual(["amount", "stage"]);

  // Bob sees none of it, cannot touch it, cannot link to it.
  expect((await b("GET", "api/companies")).body.companies).toEqual([]);
  expect((await b("GET", "api/contacts")).body.contacts).toEqual([]);
  expect((await b("GET", "api/deals")).body.deals).toEqual([]);
  expect((await b("GET", `api/companies/${companyId}`)).status).toBe(404);
  expect((await b("PUT", `api/companies/${companyId}`, { name: "Mine now" })).status).toBe(404);
  expect((await b("DELETE", `api/companies/${companyId}`)).status).toBe(404);
  expect((await b("DELETE", `api/contacts/${contact.body.id}`)).status).toBe(404);
  expect((await b("POST", "api/contacts", { name: "Sneaky", company_id: companyId })).status).toBe(400);
  expect((await b("GET", "api/dashboard")).body).toMatchObject({ companies: 0, contacts: 0, deals: { total: 0 } });

  // Delete: the company's deals go, its contact stays without a company.
  expect((await a("DELETE", `api/companies/${companyId}`)).status).toBe(204);
  expect((await a("GET", `api/companies/${companyId}`)).status).toBe(404);
  expect((await a("GET", "api/deals")).body.deals).toEqual([]);
  expect((await a("GET", `api/contacts/${contact.body.id}`)).body).toMatchObject({ company_id: null });
}

// ─── Browser ─────────────────────────────────────────────────────────────────────────────────

/**
 * A page that records console errors, uncaught exceptions and failed requests, and every URL it
 * loads (to check nothing escapes the app's base path).
 */
export interface WatchedPage {
  page: Page;
  problems: string[];
  requests: string[];
  /** Everything that happened (requests, responses, console, navigations), for failure messages. */
  events: string[];
  /** Console errors matching this are expected (e.g. the 401 of a deliberate wrong password). */
  allow(pattern: RegExp): void;
  close(): Promise<void>;
}

export async function openWatchedPage(
  browser: Browser,
  options: { colorScheme?: "light" | "dark" } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? "light",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  const requests: string[] = [];
  const events: string[] = [];
  const allowed: RegExp[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !allowed.some((p) => p.test(msg.text()))) problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => {
    if (req.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on("request", (req) => requests.push(req.url()));
  page.on("console", (msg) => events.push(`console.${msg.type()}: ${msg.text()}`));
  page.on("request", (req) => events.push(`${req.method()} ${req.url()}`));
  page.on("response", (res) => events.push(`  → ${res.status()} ${res.url()}`));
  page.on("framenavigated", (frame) => frame === page.mainFrame() && events.push(`navigated to ${frame.url()}`));
  return { page, problems, requests, events, allow: (p) => allowed.push(p), close: () => context.close() };
}

/**
 * Every http(s) request the page made stayed under `baseUrl` (the path-prefix contract). The root
 * without its trailing slash counts as inside: the router shows it that way, and a reload there
 * is redirected to the slash (Kiln's dispatcher answers 308).
 */
function expectRequestsUnder(w: WatchedPage, baseUrl: string) {
  const root = baseUrl.replace(/\/$/, "");
  const outside = w.requests.filter((u) => /^https?:/.test(u) && !u.startsWith(baseUrl) && u.split(/[?#]/)[0] !== root);
  expect(outside, "requests outside the app's base URL").toEqual([]);
}

/**
 * The page's path relative to the app's base path: "" at the app's root, "companies/…" elsewhere.
 * (Under a basename the router shows the root as "/apps/<id>", without the trailing slash.)
 */
const appPath = (page: Page, base: string) => {
  const path = new URL(page.url()).pathname;
  if (`${path}/` === base) return "";
  expect(path.startsWith(base), `${path} is under ${base}`).toBe(true);
  return path.slice(base.length);
};

/** Adds what the page did to a failure's message. */
function withEvents(err: unknown, w: WatchedPage): unknown {
  if (err instanceof Error) err.message += `\n\nPage events:\n${w.events.join("\n")}`;
  return err;
}

/** Fills the sign-up form (the page must be on it) and submits. */
async function signUpThroughUi(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/**
 * The template's UI: the app opens on its sign-in page, a user signs up, lands on the home page,
 * the session survives a reload, signs out, gets a clear error for a wrong password, signs in.
 */
export async function checkAuthUi(browser: Browser, baseUrl: string, screenshotPrefix: string): Promise<void> {
  const w = await openWatchedPage(browser);
  const { page } = w;
  const base = new URL(baseUrl).pathname;
  try {
    await page.goto(baseUrl);
    await expect.poll(() => appPath(page, base)).toBe("login");
    await page.getByRole("heading", { name: "Sign in", exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath(`${screenshotPrefix}-1-login`) });

    await page.getByRole("link", { name: "Create one" }).click();
    await expect.poll(() => appPath(page, base)).toBe("register");
    const email = uniqueEmail("ui");
    const password = "a good long password";
    await signUpThroughUi(page, email, password);
    await page.getByRole("heading", { name: `Welcome, ${email}` }).waitFor();
    expect(appPath(page, base)).toBe("");
    await page.screenshot({ path: screenshotPath(`${screenshotPrefix}-2-home`) });

    await page.reload();
    await page.getByRole("heading", { name: `Welcome, ${email}` }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => appPath(page, base)).toBe("login");

    w.allow(/status of 401/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("the wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/Email or password is incorrect/);
    await page.screenshot({ path: screenshotPath(`${screenshotPrefix}-3-wrong-password`) });

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: `Welcome, ${email}` }).waitFor();

    expect(w.problems).toEqual([]);
    expectRequestsUnder(w, baseUrl);
  } catch (err) {
    await page.screenshot({ path: screenshotPath(`${screenshotPrefix}-failure`) }).catch(() => {});
    throw withEvents(err, w);
  } finally {
    await w.close();
  }
}

/**
 * The CRM's UI: sign up, land on the empty dashboard, create a company through the form, add a
 * contact and a deal, see them in the lists and on the dashboard, reload a deep link, delete a deal.
 */
export async function checkCrmUi(browser: Browser, baseUrl: string, screenshotPrefix: string): Promise<void> {
  const w = await openWatchedPage(browser);
  const { page } = w;
  const base = new URL(baseUrl).pathname;
  const shot = (name: string) =>
    page.screenshot({ path: screenshotPath(`${screenshotPrefix}-${name}`), fullPage: true });
  try {
    await page.goto(`${baseUrl}register`);
    const email = uniqueEmail("crm-ui");
    await signUpThroughUi(page, email, "a good long password");
    await page.getByRole("heading", { name: "Dashboard", exact: true }).waitFor();
    await page.getByText("Your CRM is empty").waitFor();
    expect(appPath(page, base)).toBe("");
    await shot("1-empty-dashboard");

    // A company, through the form.
    await page.getByRole("link", { name: "Add a company" }).click();
    await page.getByRole("heading", { name: "New company", exact: true }).waitFor();
    await page.getByLabel("Name").fill("Globex");
    await page.getByLabel("Industry").fill("Energy");
    await page.getByLabel("Website").fill("https://globex.example");
    await shot("2-company-form");
    await page.getByRole("button", { name: "Create company" }).click();
    await page.getByRole("heading", { name: "Globex", exact: true }).waitFor();
    const companyPath = appPath(page, base);
    expect(companyPath).toMatch(/^companies\/[\w-]+$/);

    // A contact at that company (the company is preselected).
    await page.getByRole("link", { name: "Add contact" }).click();
    await page.getByLabel("Company").waitFor(); // the company list has loaded
    await page.getByLabel("Name").fill("Hank Scorpio");
    await page.getByLabel("Job title").fill("CEO");
    await page.getByLabel("Email").fill("hank@globex.example");
    await page.getByRole("button", { name: "Create contact" }).click();
    await page.getByRole("heading", { name: "Globex", exact: true }).waitFor();
    await page.getByRole("link", { name: "Hank Scorpio", exact: true }).waitFor();

    // A deal, from the Deals page.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deals" }).click();
    await page.getByRole("heading", { name: "Deals", exact: true }).waitFor();
    await page.getByRole("link", { name: "New deal" }).first().click();
    await page.getByLabel("Title").fill("Doomsday device");
    await page.getByLabel("Company").selectOption({ label: "Globex" }); // waits for the company list
    await page.getByLabel("Amount (USD)").fill("25000");
    await page.getByLabel("Stage").selectOption("negotiation");
    await page.getByRole("button", { name: "Create deal" }).click();
    await page.getByRole("link", { name: "Doomsday device", exact: true }).waitFor();
    expect(appPath(page, base)).toBe("deals");
    await shot("3-deals");

    // The companies list shows the counts; the dashboard the totals.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Companies" }).click();
    await page.getByRole("heading", { name: "Companies", exact: true }).waitFor();
    const row = page.getByRole("row", { name: /^Globex/ });
    await expect(row.textContent()).resolves.toMatch(/Globex\s*Energy\s*1\s*1/);
    await shot("4-companies");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard", exact: true }).waitFor();
    await expect(page.getByTestId("stat-open").textContent()).resolves.toBe("$25,000");
    await expect(page.getByTestId("stat-companies").textContent()).resolves.toBe("1");
    await shot("5-dashboard");

    // A deep link survives a reload (assets and router both resolve against the base).
    await page.goto(new URL(companyPath, baseUrl).toString());
    await page.getByRole("heading", { name: "Globex", exact: true }).waitFor();
    await page.getByText("Doomsday device").waitFor();

    // Delete the deal through the confirmation dialog.
    await page.goto(`${baseUrl}deals`);
    await page.getByRole("button", { name: "Delete deal Doomsday device" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this deal?" });
    await dialog.waitFor();
    await shot("6-confirm-delete");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByText("No deals yet").waitFor();

    expect(w.problems).toEqual([]);
    expectRequestsUnder(w, baseUrl);
  } catch (err) {
    await shot("failure").catch(() => {});
    throw withEvents(err, w);
  } finally {
    await w.close();
  }
}
