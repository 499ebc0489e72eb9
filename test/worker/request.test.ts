// What a description asks for, offline (src/agent/plan/request.ts): a data app, a content site, or
// logic only a model can write. Phrasings as people write them, mixed asks included.
import { describe, expect, it } from "vitest";
import { classifyRequest, planRequest } from "../../src/agent/plan/request";
import { parsePlan } from "../../src/agent/plan/schema";

const DATA = [
  "a todo list with due dates",
  "Track my workouts — exercise name, number of sets, reps, weight in kg and the date.",
  "A booking system for my hair salon: clients with name, phone and email; appointments with a client, a service and a date",
  "Manage a small collection of board games: title, min and max players, play time in minutes, and who borrowed it.",
  "a recipe site where I can save recipes",
  "a recipe website",
  "a quiz app where I keep questions and answers",
  "a pomodoro timer that logs my focus sessions",
  "an expense tracker that calculates totals",
  "a portfolio to track my investments",
  "an investment portfolio tracker",
  "a website for my hair salon where clients can book appointments",
  "a landing page that collects emails for our waitlist",
  "a website for our book club where members can log the books they read",
  "a habit tracker",
  "a board game collection",
  "a game night planner",
  "a weekly meal planner",
  "a menu planner for the week",
  "keep track of my plants and when I last watered them",
  "log my runs: distance, time and how I felt",
  "A small CRM: companies, contacts that belong to companies, and deals",
  "a reading list",
  "a guest list for my party",
  "an RSVP page for my birthday where guests can say if they're coming",
  "an online store for my candles",
  "a blog for my bakery",
  "notes with tags",
  "a flashcard app for Spanish vocabulary",
  "inventory for my record shop",
  "a site where I can post my poems",
  "an app to manage my students and their grades",
  "a website listing my vinyl records with artist, year and condition",
  "a site where people can leave reviews of local cafes",
  "a website to sell my candles",
  "a page where I can see all my subscriptions and what they cost",
  "a coming soon page for my app Fernway with an email signup",
  "pub quiz league: teams with name, captain and email; quizzes with a date and each team's score",
  "remind me to water the plants. for each plant: name, how often in days, last watered",
  "a website for my bakery where I can add this week's cakes",
];

const SITES: Array<[string, string]> = [
  ["a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000", "business"],
  ["a website for my bakery with our menu and opening hours", "business"],
  ["a simple website for my plumbing business, call 07700 900123", "business"],
  ["i need a website for my dog walking business in Bristol", "business"],
  ["a website for my record shop in Leeds", "business"],
  ["Record shop website, we sell vinyl and turntables", "business"],
  ["a site for my yoga studio with our class timetable and prices", "business"],
  ["make me a site for my band The Night Owls with our gigs", "business"],
  ["a website for my candle shop", "business"],
  ["Crumb & Co, bakery in Leeds. Open 8-4. Call 0113 496 0000", "business"],
  ["website for Bella's Pizzeria, 12 High Street, Bristol. Ring 07700 900123", "business"],
  ["a landing page for my habit tracker app", "landing"],
  ["a coming soon page for my app Orbit", "landing"],
  ["a landing page for my pomodoro timer app", "landing"],
  ["my photography portfolio", "portfolio"],
  ["a portfolio for Jane Doe, a freelance illustrator based in Manchester", "portfolio"],
  ["a website to show my illustration work, I'm a freelance illustrator", "portfolio"],
  ["link in bio page for my instagram, youtube and etsy shop", "links"],
  ["a linktree for my band", "links"],
  ["a page with links to my socials", "links"],
  ["a menu for my cafe: flat white £3, croissant £2.50", "menu"],
  ["our restaurant menu", "menu"],
  ["a page for our wedding on 12 June 2027 at Rosewood Hall, York", "event"],
  ["a wedding website", "event"],
  ["a page for our pub quiz night", "event"],
  ["about me page", "personal"],
  ["my CV as a website", "personal"],
  ["a digital business card", "personal"],
  ["a site for the Greenfield Allotment Society: when we meet, how to join, plot waiting list info", "business"],
  ["a website for my church with service times (Sunday 10am) and a contact form", "business"],
  ["website for Ivy, a vet clinic in Austin TX, emergency line (512) 555-0199", "business"],
  [
    "Website for Hope Shelter, a homeless charity in Hull: who we are, how to volunteer, how to give, and our charity number 1098765.",
    "business",
  ],
  ["a page for my nephew's football team with fixtures and results", "business"],
  ["our school's sports day page: 4 July, races from 10am, bring a packed lunch", "event"],
  ["a landing page with pricing tiers: basic £5, pro £15, team £40", "business"],
  ["a landing page for our app launch with a 'join the waitlist' button", "landing"],
  ["I want a page with my name, photo, and links to my linkedin and github", "personal"],
  ["Put our price list online: haircut £20, colour £60. The salon is called Snips.", "business"],
];

const MODEL: Array<[string, string]> = [
  ["a pomodoro timer", "timer"],
  ["a stopwatch", "timer"],
  ["a countdown to our wedding", "timer"],
  ["a tip calculator", "calculator"],
  ["a budget calculator", "calculator"],
  ["an app to calculate my BMI", "calculator"],
  ["a calculator website", "calculator"],
  ["a website with a tip calculator", "calculator"],
  ["split the bill between friends", "calculator"],
  ["a currency converter", "converter"],
  ["a unit converter for cooking", "converter"],
  ["a quiz", "quiz"],
  ["a trivia quiz about the 90s", "quiz"],
  ["a snake game", "game"],
  ["tic tac toe", "game"],
  ["a sudoku", "game"],
  ["random password generator", "generator"],
  ["a dice roller", "generator"],
  ["a weather app", "tool"],
  ["a chatbot for my shop", "tool"],
  ["a meditation timer with a bell", "timer"],
  ["lottery number generator", "generator"],
  ["make a site that shows the weather in London", "tool"],
  ["a page that randomly picks a restaurant for dinner", "generator"],
  ["a stretching reminder that pings me every 30 minutes", "reminder"],
  ["a tip calculator where I enter the bill and it splits it between us", "calculator"],
];

describe("classifying a request", () => {
  it.each(DATA)("a data app: %s", (text) => {
    expect(classifyRequest(text)).toEqual({ kind: "data" });
  });

  it.each(SITES)("a site: %s → %s", (text, site) => {
    expect(classifyRequest(text)).toEqual({ kind: "site", site });
  });

  it.each(MODEL)("needs a model: %s → %s", (text, need) => {
    expect(classifyRequest(text)).toMatchObject({ kind: "model", need });
  });

  it("a name in quotes is a name, not the thing asked for", () => {
    expect(classifyRequest("a landing page for my app 'Timer Pro'")).toEqual({ kind: "site", site: "landing" });
    expect(classifyRequest('a website for my café "The Quiz Room", open 9-5')).toMatchObject({ kind: "site" });
  });
});

describe("planRequest", () => {
  it("a data app is the data planner's plan, with tables", () => {
    const r = planRequest("a todo list with due dates");
    expect(r.kind).toBe("app");
    if (r.kind !== "app") return;
    expect(r.plan.site).toBeUndefined();
    expect(r.plan.dataModel.tables.length).toBeGreaterThan(0);
  });

  it("a site is a plan with no tables and no login", () => {
    const r = planRequest("a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000");
    expect(r.kind).toBe("app");
    if (r.kind !== "app") return;
    expect(r.plan).toMatchObject({
      title: "Crumb & Co",
      needsAuth: false,
      dataModel: { tables: [] },
      pages: [{ name: "Home", route: "/" }],
    });
    expect(r.plan.site).toMatchObject({ name: "Crumb & Co", contact: { phone: "0113 496 0000" } });
  });

  it("an ask that needs a model is a plain reply: what Kiln cannot do, what it can offline, and Settings", () => {
    const r = planRequest("a pomodoro timer");
    expect(r.kind).toBe("reply");
    if (r.kind !== "reply") return;
    expect(r.reason).toMatch(/timer/);
    expect(r.reply).toMatch(/^Kiln cannot build a timer without an AI model/);
    expect(r.reply).toMatch(/Connect one in Settings/);
    expect(r.reply).toMatch(/data apps/);
    expect(r.reply).toMatch(/content sites/);
    // The suggestion is itself a description Kiln builds offline.
    const suggestion = /for example “([^”]+)”/.exec(r.reply)![1]!;
    expect(planRequest(suggestion).kind).toBe("app");
    const quiz = planRequest("a quiz");
    expect(quiz.kind === "reply" && quiz.reply).toMatch(/^Kiln cannot build a quiz without an AI model/);
  });

  it("every suggestion in a reply is planned offline as what it says", () => {
    for (const ask of [
      "a pomodoro timer",
      "a tip calculator",
      "a currency converter",
      "a snake game",
      "a quiz",
      "a dice roller",
      "a weather app",
      "a reminder to stretch",
    ]) {
      const r = planRequest(ask);
      if (r.kind !== "reply") throw new Error(`${ask} was not a reply`);
      const examples = [...r.reply.matchAll(/for example “([^”]+)”/g)].map((m) => m[1]!);
      expect(examples.length, ask).toBe(2);
      const [data, site] = examples.map((e) => planRequest(e));
      expect(data!.kind === "app" && data!.plan.dataModel.tables.length, ask).toBeGreaterThan(0);
      expect(site!.kind === "app" && site!.plan.site?.name, ask).toBe("Crumb & Co");
    }
  });

  it("never throws, and always gives a plan that checks, on long, odd and hostile descriptions", () => {
    const vocabulary = [
      "website",
      "for",
      "my",
      "bakery",
      "'Crumb & Co'",
      "timer",
      "track",
      "with",
      "menu:",
      "(",
      ")",
      "£4.50",
      "call",
      "0113 496 0000",
      "open",
      "9-5",
      "Mon–Sat",
      "a@b.co",
      "https://x.example/a",
      "@handle",
      "—",
      ",",
      "and",
      "portfolio",
      "quiz",
      "each",
      "has",
      "name",
      "Über",
      "🎂",
      "<script>",
      "javascript:alert(1)",
      "\n",
      ":",
      "wedding",
      "on",
      "12 June",
      "at",
      "The",
      "Hall",
      "button",
      "links",
      "to",
      "Instagram",
    ];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const texts = [
      "(".repeat(5000),
      ":".repeat(3000),
      "a, ".repeat(3000),
      `Website for ${"A".repeat(9000)}`,
      `open ${"9-5 ".repeat(2000)}`,
      `a landing page for 'X' with ${Array.from({ length: 80 }, (_, i) => `section ${i}`).join(", ")}`,
      `menu: ${Array.from({ length: 200 }, (_, i) => `dish ${i} £${i}`).join(", ")}`,
      `link in bio: ${Array.from({ length: 50 }, (_, i) => `https://site${i}.example/${"p".repeat(100)}`).join(" ")}`,
    ];
    for (let n = 0; n < 60; n++)
      texts.push(
        Array.from(
          { length: 5 + Math.floor(next() * 400) },
          () => vocabulary[Math.floor(next() * vocabulary.length)],
        ).join(" "),
      );
    for (const text of texts) {
      const r = planRequest(text);
      if (r.kind === "reply") {
        expect(r.reply.length).toBeGreaterThan(0);
        continue;
      }
      const checked = parsePlan(r.plan);
      expect(checked.ok, text.slice(0, 200)).toBe(true);
      if (r.plan.site) {
        expect(r.plan.needsAuth).toBe(false);
        expect(JSON.stringify(r.plan.site)).not.toMatch(/"url":"(?!https?:|mailto:|tel:)/);
      }
    }
  });
});
