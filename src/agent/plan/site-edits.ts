/**
 * Plain edits of a content site without a model: its name, tagline, main colour, contact details
 * and opening hours, a section's heading or text, adding and removing sections and items.
 *
 *   interpretSiteEdit(plan, "change the phone number to 0113 496 0001")
 *     → { kind: "plan", plan, summary: "Changed the phone number to 0113 496 0001." }
 *   interpretSiteEdit(plan, "add a booking calendar")
 *     → { kind: "needs_model", reason: "…what works offline…" }
 */
import { parseColor } from "./colors";
import type { EditResult } from "./offline-edits";
import { normalizePlan, PlanError } from "./schema";
import { isSitePhone, safeSiteUrl, sectionId } from "./site-schema";
import type { Plan, PlanSite, SiteItem, SiteSection } from "./types";

export const SITE_OFFLINE_SCOPE =
  "Without a model Kiln can rename the site or a section, change the tagline, the main colour, the phone number, email, address or opening hours, set a section's text, and add or remove a section or an item. For anything else connect a model in Settings, or edit src/content.ts in the Code tab.";

/** Reads one plain edit of a site. Never throws. */
export function interpretSiteEdit(plan: Plan, message: string): EditResult {
  const site = plan.site;
  if (!site) return { kind: "needs_model", reason: "This app is not a site." };
  const original = message
    .trim()
    .replace(/^(?:please|pls|can you|could you|would you|i want to|i'd like to|let's|lets)\s+/i, "")
    .replace(/\s*(?:,?\s*please)?[.!]*$/i, "")
    .trim();
  const spaced = original.replace(/[’]/g, "'").replace(/\s+/g, " ");
  const text = spaced.toLowerCase();
  /** The person's own words (their capitals) for a part of `text`. */
  const theirs = (value: string) => {
    const at = text.lastIndexOf(value);
    return unquote(at >= 0 && text.length === spaced.length ? spaced.slice(at, at + value.length) : value);
  };
  try {
    return (
      colour(plan, text) ??
      contact(plan, site, text, theirs) ??
      rename(plan, site, text, theirs) ??
      sectionText(
        plan,
        site,
        text,
        (v) => `${theirs(v)}${text.endsWith(v) ? (/[.!?]$/.exec(message.trim())?.[0] ?? "") : ""}`,
      ) ??
      removeSection(plan, site, text) ??
      addItem(plan, site, text, theirs) ??
      addSection(plan, site, text, theirs) ?? {
        kind: "needs_model",
        reason: `Kiln needs a model to understand "${original}". ${SITE_OFFLINE_SCOPE}`,
      }
    );
  } catch (err) {
    if (err instanceof PlanError) return { kind: "needs_model", reason: `${err.message} ${SITE_OFFLINE_SCOPE}` };
    throw err;
  }
}

const unquote = (value: string) =>
  value
    .trim()
    .replace(/^["“'‘](.*)["”'’]$/, "$1")
    .trim();

function withSite(plan: Plan, site: PlanSite, summary: string, extra: Partial<Plan> = {}): EditResult {
  return { kind: "plan", plan: normalizePlan({ ...plan, ...extra, site }), summary };
}

/** A section named by its heading, id or kind of content ("the menu", "opening hours", "about"). */
function findSection(site: PlanSite, words: string): SiteSection | null {
  const w = words
    .trim()
    .replace(/^(?:the|my|our)\s+/, "")
    .replace(/\s+(?:section|part|block|heading|title)$/, "")
    .replace(/^["“'‘]|["”'’]$/g, "");
  const id = sectionId(w);
  return (
    site.sections.find((s) => s.heading.toLowerCase() === w || s.id === id) ??
    site.sections.find((s) => s.heading.toLowerCase().includes(w) || (w.length >= 4 && s.id.startsWith(id))) ??
    site.sections.find((s) => (w === "hours" || w === "opening times") && s.layout === "hours") ??
    null
  );
}

function colour(plan: Plan, text: string): EditResult | null {
  const m =
    /^(?:make (?:it|the site|the page|everything|the (?:main|primary|brand) colou?r)|use|change the (?:main |primary |brand |theme )?colou?r to|set the (?:main |primary |brand |theme )?colou?r to|switch to|go with|colou?r(?: it)?)\s+(?:a |an )?(.+?)(?:\s+(?:as|for) (?:the )?(?:main|primary|brand|theme) colou?r)?(?:\s+(?:theme|colou?r|instead))?$/.exec(
      text,
    ) ?? /^(?:a |an )?(.+?)\s+(?:theme|main colou?r|colou?r scheme)$/.exec(text);
  const hex = m ? parseColor(m[1]!) : null;
  if (!m || !hex) return null;
  return withSite(plan, plan.site!, `Changed the main colour to ${m[1]!.startsWith("#") ? hex : `${m[1]} (${hex})`}.`, {
    theme: { primary: hex },
  });
}

function rename(plan: Plan, site: PlanSite, text: string, theirs: (v: string) => string): EditResult | null {
  const name =
    /^(?:call (?:it|the (?:site|page|business))|name (?:it|the (?:site|page|business))|rename (?:it|the (?:site|page|business|app))(?: to)?|change the (?:site(?:'s)? |business(?:'s)? |page(?:'s)? )?name to|set the (?:site(?:'s)? |business(?:'s)? )?name to|the (?:business|site|shop|cafe|café) is called|our name is|my name is)\s+(.+)$/.exec(
      text,
    );
  if (name) {
    const value = theirs(name[1]!);
    if (!value || value.length > 80) return null;
    return withSite(plan, { ...site, name: value }, `Renamed the site to “${value}”.`, { title: value });
  }
  const tagline =
    /^(?:change|set|make|update) the (?:tagline|subtitle|slogan|strapline|intro line)(?: to| as)?\s+(.+)$|^(?:tagline|subtitle|slogan)\s*[:=]\s*(.+)$/.exec(
      text,
    );
  if (tagline) {
    const value = theirs((tagline[1] ?? tagline[2])!);
    if (!value) return null;
    return withSite(plan, { ...site, tagline: value }, `Changed the tagline to “${value}”.`);
  }
  const heading =
    /^(?:rename|change|call)\s+(?:the\s+)?(.+?)\s+(?:section|heading)?\s*(?:to|into|as)\s+(.+)$/.exec(text) ??
    /^call the (.+?) section\s+(.+)$/.exec(text);
  if (heading) {
    const section = findSection(site, heading[1]!);
    if (!section) return null;
    const value = theirs(heading[2]!).replace(/\s+(?:section|heading)$/i, "");
    if (!value || value.length > 80) return null;
    const sections = site.sections.map((s) => (s === section ? { ...s, heading: value } : s));
    return withSite(plan, { ...site, sections }, `Renamed the section “${section.heading}” to “${value}”.`);
  }
  return null;
}

function contact(plan: Plan, site: PlanSite, text: string, theirs: (v: string) => string): EditResult | null {
  const m =
    /^(?:change|set|update|make|put|use)\s+(?:the |our |my )?(phone(?: number)?|number|telephone|email(?: address)?|e-mail|address|opening hours|opening times|hours)\s+(?:to|as|:)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:the |our |my )?(phone(?: number)?|telephone|email(?: address)?|e-mail|address|opening hours|opening times|hours)\s+(?:is|are|:|=)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:add|include|show)\s+(?:the |our |my )?(phone(?: number)?|email(?: address)?|address|opening hours|opening times|hours)\s*:?\s+(.+)$/.exec(
      text,
    );
  if (!m) return null;
  const field = m[1]!;
  const value = theirs(m[2]!);
  const next = { ...site.contact };
  let what: string;
  if (/phone|number|telephone/.test(field)) {
    if (!isSitePhone(value))
      return {
        kind: "needs_model",
        reason: `“${value}” does not look like a phone number: use digits, spaces and + ( ) - only.`,
      };
    next.phone = value;
    what = `the phone number to ${value}`;
  } else if (/mail/.test(field)) {
    if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(value))
      return { kind: "needs_model", reason: `“${value}” is not an email address.` };
    next.email = value;
    what = `the email address to ${value}`;
  } else if (field === "address") {
    next.address = value;
    what = `the address to ${value}`;
  } else {
    next.hours = value
      .split(/\s*;\s*|\s*\n\s*|,\s*(?=(?:mon|tue|wed|thu|fri|sat|sun|daily|weekends?|weekdays|closed)\b)/i)
      .filter(Boolean);
    what = `the opening hours to ${next.hours.join("; ")}`;
  }
  // A section that was waiting for these details no longer is.
  let sections = site.sections;
  const layout = /hours|times/.test(field) ? "hours" : "contact";
  if (!sections.some((s) => s.layout === layout)) {
    const added: SiteSection =
      layout === "hours"
        ? { id: "hours", layout, heading: "Opening hours" }
        : { id: "contact", layout, heading: "Contact" };
    const at = layout === "hours" ? sections.findIndex((s) => s.layout === "contact") : -1;
    sections = at >= 0 ? [...sections.slice(0, at), added, ...sections.slice(at)] : [...sections, added];
  } else {
    sections = sections.map((s) => (s.layout === layout && s.placeholder ? omitPlaceholder(s) : s));
  }
  return withSite(plan, { ...site, contact: next, sections }, `Changed ${what}.`);
}

function omitPlaceholder(section: SiteSection): SiteSection {
  const { placeholder: _placeholder, ...rest } = section;
  return rest;
}

/** "set the about text to …", "about us: …", "change the text of the menu section to …". */
function sectionText(plan: Plan, site: PlanSite, text: string, theirs: (v: string) => string): EditResult | null {
  const m =
    /^(?:set|change|make|update|replace|write)\s+(?:the\s+)?(.+?)\s+(?:text|paragraph|copy|words)\s+(?:to|as|with)\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:set|change|update)\s+the\s+(?:text|words|copy)\s+(?:of|in|for)\s+(?:the\s+)?(.+?)(?:\s+section)?\s+to\s+(.+)$/.exec(
      text,
    ) ??
    /^(?:the\s+)?(.+?)\s+(?:text|section)\s*:\s*(.+)$/.exec(text) ??
    /^([a-z][a-z '-]{1,30}?)\s*:\s*(.+)$/.exec(text);
  if (!m) return null;
  const section = findSection(site, m[1]!);
  if (!section) return null;
  const value = theirs(m[2]!);
  if (!value) return null;
  const sections = site.sections.map((s) => (s === section ? { ...omitPlaceholder(s), text: value } : s));
  return withSite(plan, { ...site, sections }, `Set the text of “${section.heading}”.`);
}

function removeSection(plan: Plan, site: PlanSite, text: string): EditResult | null {
  const m = /^(?:remove|delete|drop|hide|get rid of|take out)\s+(?:the\s+)?(.+?)(?:\s+section)?$/.exec(text);
  if (!m) return null;
  const section = findSection(site, m[1]!);
  if (!section) {
    // An item of a section: "remove croissant from the menu".
    const item = /^(.+?)\s+from\s+(?:the\s+)?(.+)$/.exec(m[1]!);
    const from = item ? findSection(site, item[2]!) : null;
    const found = from?.items?.find((i) => i.title.toLowerCase() === unquote(item![1]!).toLowerCase());
    if (!from || !found) return null;
    const sections = site.sections.map((s) => (s === from ? { ...s, items: s.items!.filter((i) => i !== found) } : s));
    return withSite(plan, { ...site, sections }, `Removed “${found.title}” from “${from.heading}”.`);
  }
  if (site.sections.length === 1)
    return {
      kind: "needs_model",
      reason: `“${section.heading}” is the only section of the site; rename it or change its text instead.`,
    };
  return withSite(
    plan,
    { ...site, sections: site.sections.filter((s) => s !== section) },
    `Removed the section “${section.heading}”.`,
  );
}

const PRICE =
  /\s*(?:[-–—:,]|\bfor\b|\bat\b)?\s*([£$€]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|eur|euros?|usd|dollars?|pounds?|gbp))$/i;

/** "add sourdough £4 to the menu", "add a link to https://… to the links". */
function addItem(plan: Plan, site: PlanSite, text: string, theirs: (v: string) => string): EditResult | null {
  const m = /^add\s+(.+?)\s+(?:to|in|on|under)\s+(?:the\s+)?(.+?)(?:\s+section)?$/.exec(text);
  if (!m) return null;
  const section = findSection(site, m[2]!);
  if (!section || !["cards", "list", "links", "details", "text"].includes(section.layout)) return null;
  let raw = theirs(m[1]!).replace(/^(?:a|an)\s+(?:link to\s+)?/i, "");
  const item: SiteItem = { title: raw };
  const price = PRICE.exec(raw);
  if (price) {
    item.price = price[1]!.trim();
    raw = raw.slice(0, price.index).trim();
    item.title = raw;
  }
  const url =
    /(?:\s+(?:at|:|-)\s+|\s+)((?:https?:\/\/|www\.)\S+|\S+\.(?:com|org|net|io|co\.uk|uk|dev|app|me|shop|store)\S*)$/i.exec(
      raw,
    );
  if (url) {
    const safe = safeSiteUrl(url[1]!);
    if (!safe) return { kind: "needs_model", reason: `“${url[1]}” is not a web address.` };
    item.url = safe;
    item.title = raw.slice(0, url.index).trim() || new URL(safe).hostname.replace(/^www\./, "");
  } else if (/^(?:https?:\/\/|www\.)/i.test(raw)) {
    const safe = safeSiteUrl(raw);
    if (!safe) return null;
    item.url = safe;
    item.title = new URL(safe).hostname.replace(/^www\./, "");
  }
  if (!item.title || item.title.length > 120) return null;
  item.title = item.title.charAt(0).toUpperCase() + item.title.slice(1);
  const sections = site.sections.map((s) =>
    s === section
      ? { ...omitPlaceholder(s), items: [...(s.items ?? []).filter((i) => i.title !== item.title), item] }
      : s,
  );
  return withSite(
    plan,
    { ...site, sections },
    `Added “${item.title}”${item.price ? ` (${item.price})` : ""} to “${section.heading}”.`,
  );
}

/** "add a FAQ section", "add a section called Our story". */
function addSection(plan: Plan, site: PlanSite, text: string, theirs: (v: string) => string): EditResult | null {
  const m = /^add\s+(?:a|an|the)?\s*(?:new\s+)?(?:section\s+(?:called|named|titled)\s+(.+)|(.+?)\s+section)$/.exec(
    text,
  );
  if (!m) return null;
  const heading = theirs((m[1] ?? m[2])!);
  if (!heading || heading.length > 80) return null;
  if (findSection(site, heading))
    return { kind: "needs_model", reason: `The site already has a section “${heading}”. ${SITE_OFFLINE_SCOPE}` };
  const title = heading.charAt(0).toUpperCase() + heading.slice(1);
  const added: SiteSection = {
    id: sectionId(title),
    layout: "text",
    heading: title,
    placeholder: `Add the text of “${title}”.`,
  };
  const at = site.sections.findIndex((s) => s.layout === "contact");
  const sections =
    at >= 0 ? [...site.sections.slice(0, at), added, ...site.sections.slice(at)] : [...site.sections, added];
  return withSite(plan, { ...site, sections }, `Added the section “${title}”.`);
}
