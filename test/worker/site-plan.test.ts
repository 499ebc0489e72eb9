// The offline site planner (src/agent/plan/site.ts) and plain site edits (site-edits.ts): a site's
// words come from the description, contact details carried over as written, nothing made up.
import { describe, expect, it } from "vitest";
import { normalizePlan, parsePlan } from "../../src/agent/plan/schema";
import { interpretSiteEdit } from "../../src/agent/plan/site-edits";
import { planSite } from "../../src/agent/plan/site";
import type { Plan, PlanSite } from "../../src/agent/plan/types";

/** Every fact a site states: its name, tagline, contact details, items and texts (not headings or placeholders). */
function facts(site: PlanSite): string[] {
  const out = [
    site.name,
    site.tagline,
    site.contact.email,
    site.contact.phone,
    site.contact.address,
    ...(site.contact.hours ?? []),
  ];
  for (const link of site.contact.links ?? []) out.push(link.title);
  for (const section of site.sections) {
    out.push(section.text);
    for (const item of section.items ?? []) out.push(item.title, item.text, item.price);
  }
  return out.filter((f): f is string => Boolean(f));
}

/** Nothing invented: each word of each fact is one of the person's words (or a link's platform name). */
function expectNothingInvented(description: string, site: PlanSite) {
  const tokens = (text: string) =>
    (
      text
        .toLowerCase()
        .replace(/[’‘]/g, "'")
        .match(/[\p{L}\p{N}&£$€'@./-]+/gu) ?? []
    )
      .map((w) => w.replace(/^['.]+|['.,!?;:]+$/g, ""))
      .filter(Boolean);
  const theirs = new Set(tokens(description));
  const words = tokens;
  const allowed = new Set([
    "in",
    "on",
    "when",
    "where",
    "closed",
    "your",
    "name",
    "business",
    "product",
    "our",
    "event",
    "menu",
    "my",
    "·",
    ",",
  ]);
  for (const fact of facts(site)) {
    for (const word of words(fact)) {
      const known = theirs.has(word) || allowed.has(word);
      expect(known, `“${word}” in “${fact}” is not in the description`).toBe(true);
    }
  }
}

const plan = (text: string) => {
  const p = planSite(text);
  expect(p.site, text).toBeTruthy();
  return p as Plan & { site: PlanSite };
};
const section = (p: Plan, id: string) => p.site!.sections.find((s) => s.id === id);

describe("a site from a description", () => {
  it("a bakery's landing page: its name, town, hours and phone as written, placeholders for the rest", () => {
    const text = "a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000";
    const p = plan(text);
    expect(p).toMatchObject({
      title: "Crumb & Co",
      appName: "crumb-co",
      needsAuth: false,
      dataModel: { tables: [] },
      description: text,
    });
    expect(p.site).toMatchObject({
      kind: "business",
      name: "Crumb & Co",
      tagline: "Bakery in Leeds",
      contact: { phone: "0113 496 0000", address: "Leeds", hours: ["8-4"] },
    });
    expect(p.site.contact.email).toBeUndefined();
    expect(p.site.sections.map((s) => s.id)).toEqual(["about", "menu", "hours", "contact"]);
    // Nothing given for these: visible placeholders, no made-up text.
    expect(section(p, "about")).toMatchObject({ placeholder: expect.stringMatching(/^Add /) });
    expect(section(p, "about")!.text).toBeUndefined();
    expect(section(p, "menu")).toMatchObject({ layout: "list", placeholder: expect.stringMatching(/^Add /) });
    expect(section(p, "menu")!.items).toBeUndefined();
    expect(section(p, "hours")!.placeholder).toBeUndefined();
    expect(section(p, "contact")!.placeholder).toBeUndefined();
    expectNothingInvented(text, p.site);
  });

  it("a restaurant with an address, email, social handle, what it serves and hours with a closed day", () => {
    const text =
      "website for Bella's Pizzeria on 12 High Street, Bristol. Email hello@bellas.co.uk or ring 07700 900123. Instagram @bellaspizza. We serve wood-fired pizza, pasta and gelato. Open Tue-Sun 12-10, closed on Mondays.";
    const p = plan(text);
    expect(p.site.name).toBe("Bella's Pizzeria");
    expect(p.site.contact).toEqual({
      email: "hello@bellas.co.uk",
      phone: "07700 900123",
      address: "12 High Street, Bristol",
      hours: ["Tue-Sun 12-10", "Closed on Mondays"],
      links: [{ title: "Instagram @bellaspizza", url: "https://instagram.com/bellaspizza" }],
    });
    const offered = p.site.sections.find((s) => s.items?.length)!;
    expect(offered.items!.map((i) => i.title)).toEqual(["Wood-fired pizza", "Pasta", "Gelato"]);
    expect(offered.placeholder).toBeUndefined();
    expectNothingInvented(text, p.site);
  });

  it("a menu with prices keeps the prices as written", () => {
    const text =
      'a menu for my cafe "Bean There": flat white £3, croissant £2.50, banana bread £3.20. Email hi@beanthere.cafe';
    const p = plan(text);
    expect(p.site).toMatchObject({ kind: "menu", name: "Bean There", contact: { email: "hi@beanthere.cafe" } });
    expect(section(p, "menu")!.items).toEqual([
      { title: "Flat white", price: "£3" },
      { title: "Croissant", price: "£2.50" },
      { title: "Banana bread", price: "£3.20" },
    ]);
    expect(section(p, "hours")!.placeholder).toBe("Add your opening hours.");
    expectNothingInvented(text, p.site);
  });

  it("a portfolio: the person's name and what they do, their work left for them to add", () => {
    const text = "a portfolio for Jane Doe, a freelance illustrator based in Manchester. Email jane@janedoe.art";
    const p = plan(text);
    expect(p.site).toMatchObject({
      kind: "portfolio",
      name: "Jane Doe",
      tagline: "Freelance illustrator based in Manchester",
      contact: { email: "jane@janedoe.art", address: "Manchester" },
    });
    expect(section(p, "work")).toMatchObject({
      layout: "cards",
      placeholder: expect.stringMatching(/^Add your projects/),
    });
    expect(section(p, "work")!.items).toBeUndefined();
    expectNothingInvented(text, p.site);
  });

  it("a link page: addresses given become links; links named without one are marked to fill in", () => {
    const text =
      "link in bio page for my youtube channel: youtube.com/@cookingwithsam and https://instagram.com/sam, plus my etsy shop";
    const p = plan(text);
    expect(p.site.kind).toBe("links");
    expect(p.site.sections.map((s) => s.id)).toEqual(["links"]);
    expect(section(p, "links")!.items).toEqual([
      { title: "YouTube", url: "https://youtube.com/@cookingwithsam" },
      { title: "Instagram", url: "https://instagram.com/sam" },
      { title: "Etsy" },
    ]);
    expect(section(p, "links")!.placeholder).toBe("Add the web address of Etsy.");
  });

  it("an event page: when and where from the description, the person's own sentence about the day", () => {
    const text =
      "a page for our wedding on 12 June 2027 at Rosewood Hall, York. Ceremony at 2pm. We can't wait to celebrate with you!";
    const p = plan(text);
    expect(p.site).toMatchObject({
      kind: "event",
      name: "Our Wedding",
      tagline: "12 June 2027, 2pm · Rosewood Hall, York",
    });
    expect(section(p, "details")!.items).toEqual([
      { title: "When", text: "12 June 2027, 2pm" },
      { title: "Where", text: "Rosewood Hall, York" },
    ]);
    expect(section(p, "details")!.placeholder).toBeUndefined();
    expect(section(p, "about")!.text).toBe("We can't wait to celebrate with you!");
    expectNothingInvented(text, p.site);
  });

  it("the person's own sentences about themselves become the About text; instructions do not", () => {
    const text =
      "I want a website for my bakery Crumb & Co. We have been baking sourdough in Leeds since 1998. Please make it green. Call 0113 496 0000.";
    const p = plan(text);
    expect(p.site.name).toBe("Crumb & Co");
    expect(section(p, "about")!.text).toBe("We have been baking sourdough in Leeds since 1998.");
    expect(section(p, "about")!.placeholder).toBeUndefined();
    expect(JSON.stringify(p.site)).not.toMatch(/I want|Please make/);
    expectNothingInvented(text, p.site);
  });

  it("with nothing to go on, a name that reads as one to replace and placeholders everywhere", () => {
    const p = plan("a website");
    expect(p.site.name).toBe("Your Business");
    expect(p.site.sections.every((s) => s.placeholder)).toBe(true);
    expect(p.site.contact).toEqual({});
  });

  it("sections the person lists are the page's, in their order and with their names, before the contact section", () => {
    const p = plan("a site for my yoga studio Lotus with our class timetable, prices and testimonials");
    // Their list, their headings; a contact section always, to show where to add how to reach them.
    expect(p.site.sections.map((s) => s.heading)).toEqual(["Class timetable", "Prices", "Testimonials", "Contact"]);
    expect(p.site.sections.map((s) => s.layout)).toEqual(["list", "list", "cards", "contact"]);
    expect(p.site.sections.every((s) => s.placeholder)).toBe(true);
  });

  it("a list after the name is the page's sections, named as the person named them, with the values they gave", () => {
    const text =
      "Website for Hope Shelter, a homeless charity in Hull: who we are, how to volunteer, how to give, and our charity number 1098765.";
    const p = plan(text);
    expect(p.site).toMatchObject({
      name: "Hope Shelter",
      tagline: "Homeless charity in Hull",
      contact: { address: "Hull" },
    });
    // A charity number is not a phone number.
    expect(p.site.contact.phone).toBeUndefined();
    expect(p.site.sections.map((s) => [s.heading, s.text ?? null])).toEqual([
      ["Who we are", null],
      ["How to volunteer", null],
      ["How to give", null],
      ["Charity number", "1098765"],
      ["Contact", null],
    ]);
    expect(section(p, "how-to-volunteer")!.placeholder).toBe("Add the text for “How to volunteer”.");
    expectNothingInvented(text, p.site);
  });

  it("items listed for one section fill it, prices apart, as written", () => {
    const text = "Put our price list online: haircut £20, colour £60, beard trim £12.50. The salon is called Snips.";
    const p = plan(text);
    expect(p.site.name).toBe("Snips");
    expect(p.site.sections.map((s) => s.heading)).toEqual(["Prices", "Contact"]);
    expect(section(p, "prices")!.items).toEqual([
      { title: "Haircut", price: "£20" },
      { title: "Colour", price: "£60" },
      { title: "Beard trim", price: "£12.50" },
    ]);
    expectNothingInvented(text, p.site);
  });

  it("what is in parentheses belongs to its part: a menu's dishes, a venue and its date, a time", () => {
    const cafe = plan(
      "Website for my café, The Copper Kettle: our menu (tea, scones, soup), opening hours Tue–Sun 9–5, and our address, 3 Bridge Street.",
    );
    expect(cafe.site).toMatchObject({
      name: "The Copper Kettle",
      contact: { address: "3 Bridge Street", hours: ["Tue–Sun 9–5"] },
    });
    expect(section(cafe, "menu")!.items!.map((i) => i.title)).toEqual(["Tea", "Scones", "Soup"]);
    const wedding = plan(
      "wedding website for Amir & Lea: our story, the venue (Fern Hall, 9 August), and getting there",
    );
    expect(wedding.site).toMatchObject({ kind: "event", name: "Amir & Lea" });
    expect(wedding.site.sections.find((s) => s.heading === "Venue")!.items).toEqual([
      { title: "When", text: "9 August" },
      { title: "Where", text: "Fern Hall" },
    ]);
  });

  it("a person's page: their name after “for me”, what they do, the sections after a dash; a button they asked for stays a placeholder until it has an address", () => {
    const me = plan(
      "portfolio site for me, Lina Park, an architect in Busan — a short bio, selected projects and my email lina@linapark.kr",
    );
    expect(me.site).toMatchObject({
      kind: "portfolio",
      name: "Lina Park",
      tagline: "Architect in Busan",
      contact: { email: "lina@linapark.kr" },
    });
    expect(me.site.sections.map((s) => s.heading)).toEqual(["Bio", "Selected projects", "Get in touch"]);
    const launch = plan("landing page for our app launch: a headline, three features and a 'Get early access' button");
    expect(launch.site.action).toEqual({ title: "Get early access" });
    expect(launch.site.sections.map((s) => s.heading)).toEqual(["Features", "Contact"]);
  });

  it("an unnamed event is called what the person called it", () => {
    const p = plan(
      "invitation page for Grandma Rose's 90th birthday on Saturday 14 June at 3pm, The Old Vicarage, Hexham",
    );
    expect(p.site).toMatchObject({
      kind: "event",
      name: "Grandma Rose's 90th birthday",
      tagline: "Saturday 14 June, 3pm · The Old Vicarage, Hexham",
    });
    expect(plan("our school's sports day page: 4 July, races from 10am").site.name).toBe("Our School's Sports Day");
  });

  it("is deterministic and the plan survives normalising again (a plan-first approval sends it back)", () => {
    const text = "a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000";
    expect(planSite(text)).toEqual(planSite(text));
    const p = planSite(text);
    expect(normalizePlan(p)).toEqual(p);
    expect(normalizePlan(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });
});

describe("the site in the plan schema", () => {
  const base = {
    appName: "s",
    title: "S",
    site: { kind: "business", name: "S", sections: [{ layout: "text", heading: "About" }] },
  };

  it("a site has no tables and no login, whatever the input says", () => {
    const r = parsePlan({ ...base, needsAuth: true });
    expect(r.ok && r.plan.needsAuth).toBe(false);
    const tables = parsePlan({ ...base, dataModel: { tables: [{ name: "todos", columns: [{ name: "title" }] }] } });
    expect(tables.ok).toBe(false);
    expect(!tables.ok && tables.errors[0]).toMatch(/A site plan has no tables \(it has todos\)/);
  });

  it("links a browser would follow are web, mailto: or tel: only; bad contact details are left out with a warning", () => {
    const r = parsePlan({
      ...base,
      site: {
        ...base.site,
        sections: [
          {
            layout: "links",
            heading: "Links",
            items: [
              { title: "Evil", url: "javascript:alert(1)" },
              { title: "Data", url: "data:text/html,<script>" },
              { title: "Shop", url: "shop.example.com" },
            ],
          },
        ],
        contact: { email: "not an email", phone: "call me maybe" },
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.site!.sections[0]!.items).toEqual([
      { title: "Evil" },
      { title: "Data" },
      { title: "Shop", url: "https://shop.example.com/" },
    ]);
    expect(r.plan.site!.contact).toEqual({});
    expect(r.warnings.join(" ")).toMatch(/javascript:alert\(1\).*not a web/);
    expect(r.warnings.join(" ")).toMatch(/email address “not an email”/);
  });

  it("section anchors are unique and URL-safe; a bad layout or kind says what is allowed", () => {
    const r = parsePlan({
      ...base,
      site: {
        ...base.site,
        sections: [
          { layout: "text", heading: "Über uns!" },
          { layout: "text", heading: "Über uns" },
        ],
      },
    });
    expect(r.ok && r.plan.site!.sections.map((s) => s.id)).toEqual(["uber-uns", "uber-uns-2"]);
    const bad = parsePlan({
      ...base,
      site: { ...base.site, kind: "shop", sections: [{ layout: "carousel", heading: "X" }] },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join(" ")).toMatch(/site\.kind.*business/);
    expect(!bad.ok && bad.errors.join(" ")).toMatch(/site\.sections\.0\.layout/);
  });
});

describe("plain edits of a site", () => {
  const bakery = planSite("a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000");
  const edit = (p: Plan, message: string) => {
    const r = interpretSiteEdit(p, message);
    if (r.kind !== "plan") throw new Error(`${message}: ${r.reason}`);
    return r;
  };

  it("renames the site and a section, changes the tagline and the colour", () => {
    const renamed = edit(bakery, "rename it to Crumb & Co Bakery");
    expect(renamed.plan).toMatchObject({
      title: "Crumb & Co Bakery",
      appName: bakery.appName,
      site: { name: "Crumb & Co Bakery" },
    });
    expect(renamed.summary).toBe("Renamed the site to “Crumb & Co Bakery”.");
    const heading = edit(bakery, "rename the menu section to Our bakes");
    expect(heading.plan.site!.sections.find((s) => s.id === "menu")!.heading).toBe("Our bakes");
    expect(edit(bakery, "change the tagline to Sourdough, every morning").plan.site!.tagline).toBe(
      "Sourdough, every morning",
    );
    const green = edit(bakery, "make it green");
    expect(green.plan.theme).toEqual({ primary: "#16a34a" });
    expect(green.plan.site).toEqual(bakery.site);
  });

  it("changes contact details and opening hours, and fills a section's text, clearing its placeholder", () => {
    const phone = edit(bakery, "change the phone number to 0113 496 0001");
    expect(phone.plan.site!.contact.phone).toBe("0113 496 0001");
    const email = edit(bakery, "our email is hello@crumbandco.co.uk");
    expect(email.plan.site!.contact.email).toBe("hello@crumbandco.co.uk");
    const hours = edit(bakery, "change the opening hours to Mon-Fri 8-4, Sat 9-1; closed Sundays");
    expect(hours.plan.site!.contact.hours).toEqual(["Mon-Fri 8-4", "Sat 9-1", "closed Sundays"]);
    const about = edit(bakery, "set the about text to We bake everything by hand, every morning.");
    const section = about.plan.site!.sections.find((s) => s.id === "about")!;
    expect(section.text).toBe("We bake everything by hand, every morning.");
    expect(section.placeholder).toBeUndefined();
  });

  it("adds and removes items and sections", () => {
    const added = edit(bakery, "add Sourdough loaf £4.50 to the menu");
    expect(added.plan.site!.sections.find((s) => s.id === "menu")!.items).toEqual([
      { title: "Sourdough loaf", price: "£4.50" },
    ]);
    const removedItem = edit(added.plan, "remove sourdough loaf from the menu");
    expect(removedItem.plan.site!.sections.find((s) => s.id === "menu")!.items).toBeUndefined();
    const faq = edit(bakery, "add a FAQ section");
    expect(faq.plan.site!.sections.map((s) => s.heading)).toEqual([
      "About us",
      "Menu",
      "Opening hours",
      "FAQ",
      "Contact",
    ]);
    const noHours = edit(bakery, "remove the opening hours section");
    expect(noHours.plan.site!.sections.map((s) => s.id)).toEqual(["about", "menu", "contact"]);
  });

  it("says plainly what works offline for anything else, and refuses bad details", () => {
    const r = interpretSiteEdit(bakery, "add online ordering with a shopping cart");
    expect(r.kind).toBe("needs_model");
    expect(r.kind === "needs_model" && r.reason).toMatch(/Without a model Kiln can rename the site or a section/);
    const badPhone = interpretSiteEdit(bakery, "change the phone number to call us");
    expect(badPhone.kind === "needs_model" && badPhone.reason).toMatch(/does not look like a phone number/);
    const badLink = interpretSiteEdit(
      planSite("a link page for my socials"),
      "add Evil javascript:alert(1) to the links",
    );
    // At most words on the page: never a link a browser would run.
    const links = badLink.kind === "plan" ? badLink.plan.site!.sections.flatMap((s) => s.items ?? []) : [];
    expect(links.every((l) => !l.url || /^https:\/\//.test(l.url))).toBe(true);
  });
});
