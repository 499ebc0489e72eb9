/**
 * The offline site planner: a content site's plan (`plan.site`) from a description, with no model.
 *
 *   planSite("a landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000")
 *     → site "Crumb & Co", tagline "Bakery in Leeds", sections About us · Menu · Opening hours ·
 *       Contact, contact { phone: "0113 496 0000", address: "Leeds", hours: ["8-4"] }
 *
 * Everything on the page comes from the person's own words: the name, what they offer, their
 * contact details, opening hours, dates. What they did not say is never made up: a section they
 * will want but gave nothing for carries a `placeholder` ("Add your opening hours"), which the
 * page shows marked as one. Deterministic: the same text gives the same plan.
 */
import { normalizePlan, type Plan } from "./schema";
import { isSitePhone, safeSiteUrl, type SiteInput } from "./site-schema";
import { SITE_KIND_LABELS, type SectionLayout, type SiteItem, type SiteKind } from "./types";
import { slugify } from "./words";

type Section = NonNullable<SiteInput["sections"]>[number];

/** Businesses whose site shows a menu rather than "what we offer". */
const FOOD_PLACE =
  /\b(?:bakery|bakehouse|patisserie|caf[eé]|coffee (?:shop|house|bar|cart)|tea ?(?:room|shop|house)|restaurant|bistro|brasserie|diner|pizzeria|trattoria|takeaway|take-away|food (?:truck|van|stall)|street food|bar|pub|inn|brewery|taproom|wine bar|deli|delicatessen|canteen|juice bar|ice cream (?:shop|parlou?r)|gelateria|creperie|noodle bar|sushi bar|chip shop|chippy|burger (?:joint|bar)|kitchen|eatery|supper club)\b/i;

/** Groups of people rather than businesses. */
const GROUP =
  /\b(?:band|choir|orchestra|club|society|team|charity|church|school|group|association|community|collective|league|troupe|duo|trio|quartet)\b/i;

const EVENT_WORDS =
  /\b(?:wedding|engagement|party|birthday|anniversary|reunion|conference|meetup|meet-up|festival|launch|gig|concert|fundraiser|gala|christening|baby shower|hen do|stag do|bar mitzvah|bat mitzvah|retirement|celebration|ceremony|workshop|hackathon|summit|fair|fete|market day|open day|sports day|tournament|marathon|fun run|bake sale|exhibition|(?:quiz|trivia|game|movie|film|open mic|karaoke|comedy) night)\b/i;

const MONTHS =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const DAYS =
  "mon(?:day)?s?|tue(?:s(?:day)?)?s?|wed(?:nesday)?s?|thu(?:r(?:s(?:day)?)?)?s?|fri(?:day)?s?|sat(?:urday)?s?|sun(?:day)?s?";
const DAY_WORD = new RegExp(`^(?:${DAYS}|daily|weekdays?|weekends?|every day|bank holidays?)\\b`, "i");

/** The kind of site a description asks for; `fallback` when nothing more specific is named. */
export function siteKindOf(text: string, fallback: SiteKind = "business"): SiteKind {
  const t = text.toLowerCase().replace(/[’]/g, "'");
  if (
    /\blink[- ]?in[- ]?bio\b|\blink ?tree\b|\blinks? page\b|\bpage (?:of|with|for) (?:all )?(?:my |our )?(?:social )?links\b|\bbio (?:page|link)\b|\ball my links\b/.test(
      t,
    )
  )
    return "links";
  if (/\bportfolio\b/.test(t)) return "portfolio";
  if (
    /\babout[- ]me\b|\bpersonal (?:web ?site|site|page|home ?page)\b|\b(?:cv|resume|résumé)\b|\bbusiness card\b|\bmy (?:own )?name\b|\bfor me\b/.test(
      t,
    )
  )
    return "personal";
  if (
    /\b(?:landing page|coming[- ]soon|splash page|product page|launch page)\b/.test(t) &&
    /\b(?:app|product|startup|saas|software|tool|game|book|album|course|podcast|newsletter|service|platform|extension|plugin)\b/.test(
      t,
    ) &&
    !FOOD_PLACE.test(t)
  )
    return "landing";
  // An event is what the page is for ("a page for our wedding", "wedding website"), not a word in passing ("celebration cakes").
  const event = new RegExp(
    String.raw`(?:\b(?:for|about|of)\s+(?:(?:my|our|the|a|an|his|her|their)\s+)?(?:[\w'&-]+\s+){0,3}|^\s*(?:(?:a|an|the|my|our)\s+)?(?:[\w'&-]+\s+){0,2})${EVENT_WORDS.source.replace(/^\\b/, "")}(?:\s+(?:day|night|weekend|party))?(?:\s+(?:page|site|website|web ?page|invite|invitation|landing page)\b|\s*(?:[,.:;(—–-]|$|\s+(?:on|at|in|with)\b))`,
    "i",
  );
  if (event.test(t) && /\b(?:page|site|website|invite|invitation|landing page)\b/.test(t)) return "event";
  if (/\bmenu\b/.test(t) && !/\b(?:web ?site|site|landing page|home ?page)\b/.test(t)) return "menu";
  if (
    /\b(?:photograph(?:er|y)|illustrat(?:or|ion)|designer|artist|painter|architect|videographer|animator|developer|writer|musician|sculptor|ceramicist|potter|tattoo artist|model|actor|actress)\b/.test(
      t,
    ) &&
    /\b(?:my|i'm|i am)\b/.test(t)
  )
    return "portfolio";
  return fallback;
}

/** A site plan from a description. Never throws. */
export function planSite(description: string, kind: SiteKind = siteKindOf(description)): Plan {
  // A plan keeps 4,000 characters of description; the words for the page come from those.
  const original = description.trim().slice(0, 4000);
  const words = readDescription(original);
  let name = words.name ?? (words.firstPerson ? "Your Name" : fallbackName(words.subject, kind));
  // An unnamed event is called what they called it: "our school's sports day", "my 30th birthday".
  const theirEvent =
    !words.name && kind === "event"
      ? new RegExp(String.raw`\b(?:my|our|the)\s+(?:[\w']+\s+){0,3}?${EVENT_WORDS.source}`, "i").exec(original)
      : null;
  if (theirEvent)
    name = theirEvent[0]
      .split(/\s+/)
      .map((w) => capitalise(w))
      .join(" ");
  // "Grandma Rose's 90th birthday": an event's name runs on to the event.
  if (kind === "event" && words.name) {
    const more = new RegExp(`${escapeRegExp(words.name)}((?:\\s+[\\w'-]+){0,2}?\\s+${EVENT_WORDS.source})`, "i").exec(
      original,
    );
    if (more) name = `${words.name}${more[1]}`;
  }
  const tagline = taglineFor(words, name, kind);
  const sections = sectionsFor(kind, words, name);

  const site: SiteInput = {
    kind,
    name,
    ...(tagline ? { tagline } : {}),
    ...(words.listed.action ? { action: words.listed.action } : {}),
    sections,
    contact: {
      ...(words.email ? { email: words.email } : {}),
      ...(words.phone ? { phone: words.phone } : {}),
      ...(words.address ? { address: words.address } : {}),
      ...(words.hours.length > 0 ? { hours: words.hours } : {}),
      ...(words.links.length > 0 && kind !== "links" ? { links: words.links.filter((l) => l.url) } : {}),
    },
  };
  const kindLabel = SITE_KIND_LABELS[kind];
  const fitted = fitSite(site);
  return normalizePlan({
    appName: slugify(fitted.name),
    title: fitted.name,
    description: original,
    pages: [],
    dataModel: { tables: [] },
    // The sections are the plan's own (plain edits change them); features only say what kind of thing it is.
    features: [kindLabel, "mobile-friendly", "no login"],
    needsAuth: false,
    needsFileStorage: false,
    site: fitted,
  });
}

/** `text` in at most `max` characters (an ellipsis marks the cut). */
function cut(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}

/** The site within the plan schema's limits, however long the description: a plan is always made. */
function fitSite(site: SiteInput): SiteInput & { name: string } {
  const item = (i: SiteItem): SiteItem | null => {
    const title = cut(i.title, 120);
    if (!title) return null;
    return {
      title,
      ...(i.text ? { text: cut(i.text, 2000) } : {}),
      ...(i.price ? { price: cut(i.price, 40) } : {}),
      ...(i.url && i.url.length <= 2000 ? { url: i.url } : {}),
    };
  };
  const items = (list: SiteItem[] | undefined, max: number) =>
    (list ?? [])
      .map(item)
      .filter((i): i is SiteItem => i !== null)
      .slice(0, max);
  const contact = site.contact ?? {};
  return {
    kind: site.kind,
    name: cut(site.name, 80) || "Your Business",
    ...(site.tagline ? { tagline: cut(site.tagline, 200) } : {}),
    ...(site.action && item(site.action) ? { action: item(site.action)! } : {}),
    sections: (site.sections ?? []).slice(0, 20).map((s) => ({
      ...s,
      heading: cut(s.heading, 80) || "Section",
      ...(s.id ? { id: s.id.slice(0, 48) } : {}),
      ...(s.text ? { text: cut(s.text, 5000) } : {}),
      ...(s.items ? { items: items(s.items, 60) } : {}),
      ...(s.placeholder ? { placeholder: cut(s.placeholder, 200) } : {}),
    })),
    contact: {
      ...(contact.email && contact.email.length <= 254 ? { email: contact.email } : {}),
      ...(contact.phone && contact.phone.length <= 40 ? { phone: contact.phone } : {}),
      ...(contact.address ? { address: cut(contact.address, 300) } : {}),
      ...(contact.hours?.length
        ? {
            hours: contact.hours
              .map((h) => cut(h, 120))
              .filter(Boolean)
              .slice(0, 14),
          }
        : {}),
      ...(contact.links?.length ? { links: items(contact.links, 20) } : {}),
    },
  };
}

// ─── Reading the description ─────────────────────────────────────────────────────────────────

interface Words {
  /** The name the person gave (quoted, "called …", a capitalised name after "for"). */
  name: string | null;
  /** What the site is for, in their words: "bakery", "photography", "wedding" (with its possessive). */
  subject: { noun: string; owner: string | null } | null;
  /** A description of the person or business: "a freelance illustrator based in Manchester". */
  description: string | null;
  /** They wrote about themselves ("I'm a yoga teacher"): an unnamed site is a person's, not a business's. */
  firstPerson: boolean;
  place: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  hours: string[];
  links: SiteItem[];
  /** Things the person offers: "sourdough", "pastries", "coffee". */
  offers: { heading: string | null; items: SiteItem[] };
  /** Priced items ("flat white £3"). */
  priced: SiteItem[];
  /** Their first-person sentences about themselves: the About text. */
  about: string[];
  date: string | null;
  time: string | null;
  venue: string | null;
  /** Link names mentioned without an address ("my instagram and youtube"). */
  namedLinks: string[];
  /** Sections asked for by name, in the order they were mentioned. */
  asked: Array<{ key: SectionKey; at: number }>;
  /** What the person listed for the page, in their words. */
  listed: Listed;
}

interface Listed {
  /** Sections they listed ("with our story, the venue (Hollins Barn, 3 May) and where to stay"), in their order, named as they named them. */
  sections: Array<{ key: SectionKey | "text"; heading: string; value: string | null }>;
  /** Items they listed for one section ("our menu: starters, mains and desserts"), with the section's name in their words. */
  items: Partial<Record<SectionKey, { heading: string; items: SiteItem[] }>>;
  /** A list after the name that names no section: what they offer ("Bright Sparks Tutoring: GCSE maths and science, £35 an hour"). */
  offers: SiteItem[];
  /** The button they asked for: "a 'join the waitlist' button". */
  action: SiteItem | null;
}

function readDescription(original: string): Words {
  let text = original.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ");

  // Tokens first, each blanked out of the text so that later patterns do not trip on them.
  const blank = (match: string) => (text = text.replace(match, " ".repeat(match.length)));
  const emails = [...text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m) => m[0].replace(/\.$/, ""));
  emails.forEach(blank);
  const links: SiteItem[] = [];
  for (const m of text.matchAll(
    /\b(?:https?:\/\/|www\.)[^\s,;)"]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|co\.uk|org\.uk|org|net|io|dev|app|me|uk|de|fr|ie|ca|au|nz|shop|store|studio|design|art|page|site|blog|xyz|co)(?:\/[^\s,;)"]*)?/gi,
  )) {
    const raw = m[0].replace(/[.!?]+$/, "");
    const url = safeSiteUrl(raw);
    if (!url) continue;
    links.push({ title: linkTitle(url), url });
    blank(m[0]);
  }
  for (const m of text.matchAll(
    /\b(instagram|insta|ig|tiktok|tik tok|twitter|x|youtube|facebook|fb|threads|bluesky|mastodon|linkedin|twitch|pinterest|github|substack)\b(?:\s*(?:is|at|:|-|handle|account|username))?\s*@([A-Za-z0-9_.]{2,30})/gi,
  )) {
    const handle = m[2]!.replace(/\.$/, "");
    const platform = m[1]!.toLowerCase();
    const url = SOCIAL[platform]?.(handle) ?? null;
    links.push({ title: `${PLATFORM_NAMES[platform] ?? platform} @${handle}`, ...(url ? { url } : {}) });
    blank(m[0]);
  }
  let phone: string | null = null;
  for (const m of text.matchAll(/(?:\+|\()?\d[\d\s().-]{4,}\d/g)) {
    const candidate = m[0].trim();
    // Dates (12/06/2027, 2027-06-12), times and ranges of hours are not phone numbers.
    if (
      /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(candidate) ||
      !isSitePhone(candidate) ||
      candidate.replace(/\D/g, "").length < 7
    )
      continue;
    // A charity, company or order number is not a phone number; a short number is one only when said to be.
    const said = text.slice(Math.max(0, m.index - 40), m.index).toLowerCase();
    if (
      /\b(?:charity|company|registration|reg|vat|account|order|invoice|licen[cs]e|policy|reference|ref)\s*(?:no\.?|number|#)?\s*(?:is\s*)?:?\s*$/.test(
        said,
      )
    )
      continue;
    if (
      candidate.replace(/\D/g, "").length < 9 &&
      !/\b(?:call|phone|tel|telephone|ring|text|mobile|cell|whatsapp|number)\b[^.]*$/.test(said)
    )
      continue;
    phone ??= candidate;
    blank(m[0]);
  }

  const name = nameIn(text);
  const lower = text.toLowerCase();

  const words: Words = {
    name,
    subject: subjectIn(lower, name),
    description: descriptionIn(text, name),
    firstPerson: /\b(?:i'm|i am)\s+an?\s/i.test(text),
    place: placeIn(text),
    address: addressIn(text),
    email: emails[0] ?? null,
    phone,
    hours: hoursIn(text),
    links,
    offers: offersIn(text),
    priced: pricedIn(text),
    about: aboutIn(original),
    date: dateIn(text),
    time: timeIn(text),
    venue: venueIn(text),
    namedLinks: namedLinksIn(text, links),
    asked: askedSections(lower),
    listed: listedIn(text),
  };
  // "Bright Sparks Tutoring: GCSE maths and science": what they offer, when no sentence said so.
  if (words.offers.items.length === 0 && words.listed.offers.length > 0)
    words.offers = { heading: null, items: words.listed.offers };
  // "opening hours Mon–Sat 7–4" in their list: the hours, as written.
  const listedHours = words.listed.sections.find((s) => s.key === "hours" && s.value);
  if (words.hours.length === 0 && listedHours) words.hours = [listedHours.value!];
  const venue = words.listed.sections.find((s) => s.key === "details" && s.value);
  if (venue) {
    const date = dateIn(venue.value!);
    words.date ??= date;
    const place = venue.value!.replace(date ?? "\u0000", "").replace(/^[\s,;–—-]+|[\s,;–—-]+$/g, "");
    if (place) words.venue = place;
  }
  // The town they named is where they are, when they gave no street address.
  if (!words.address && words.place && words.place !== words.venue) words.address = words.place;
  return words;
}

const SOCIAL: Record<string, (handle: string) => string> = {
  instagram: (h) => `https://instagram.com/${h}`,
  insta: (h) => `https://instagram.com/${h}`,
  ig: (h) => `https://instagram.com/${h}`,
  tiktok: (h) => `https://www.tiktok.com/@${h}`,
  "tik tok": (h) => `https://www.tiktok.com/@${h}`,
  twitter: (h) => `https://x.com/${h}`,
  x: (h) => `https://x.com/${h}`,
  youtube: (h) => `https://www.youtube.com/@${h}`,
  facebook: (h) => `https://facebook.com/${h}`,
  fb: (h) => `https://facebook.com/${h}`,
  threads: (h) => `https://www.threads.net/@${h}`,
  twitch: (h) => `https://twitch.tv/${h}`,
  pinterest: (h) => `https://pinterest.com/${h}`,
  github: (h) => `https://github.com/${h}`,
};

const PLATFORM_NAMES: Record<string, string> = {
  instagram: "Instagram",
  insta: "Instagram",
  ig: "Instagram",
  tiktok: "TikTok",
  "tik tok": "TikTok",
  twitter: "X",
  x: "X",
  youtube: "YouTube",
  facebook: "Facebook",
  fb: "Facebook",
  threads: "Threads",
  bluesky: "Bluesky",
  mastodon: "Mastodon",
  linkedin: "LinkedIn",
  twitch: "Twitch",
  pinterest: "Pinterest",
  github: "GitHub",
  substack: "Substack",
  spotify: "Spotify",
  soundcloud: "SoundCloud",
  bandcamp: "Bandcamp",
  etsy: "Etsy",
  patreon: "Patreon",
  "ko-fi": "Ko-fi",
  podcast: "Podcast",
  newsletter: "Newsletter",
  shop: "Shop",
  store: "Shop",
  blog: "Blog",
  website: "Website",
};

/** "https://www.youtube.com/@sam" → "YouTube"; other sites by their host. */
function linkTitle(url: string): string {
  const host = new URL(url).hostname.replace(/^www\./, "");
  const known = Object.entries(PLATFORM_NAMES).find(
    ([key]) => host === `${key}.com` || host === `${key}.tv` || host === `${key}.net` || host.startsWith(`${key}.`),
  );
  if (known) return known[1];
  if (host === "x.com" || host === "twitter.com") return "X";
  if (host === "youtu.be") return "YouTube";
  return host;
}

const STREET_WORDS = "[A-Z][\\w'-]*\\s+(?:Street|St|Road|Rd|Lane|Avenue|Ave|Way|Square|Place|Row|Drive)";
/** Words that end a name: "'Crumb & Co' in Leeds" stops at "in"; "Studio 54" keeps its number, "Bella's on 12 High Street" does not. */
const NAME_WORD = String.raw`(?:[A-Z][\w'&!-]*|&|\d+(?:st|nd|rd|th)?(?![\w'-]*\s+(?:${STREET_WORDS})))`;
const NAME = new RegExp(
  String.raw`(?:[A-Z0-9][\w'&!-]*)(?:\s+(?:(?:and|of|the|de|la|le|du|von|van)\s+)?${NAME_WORD})*`,
);

function nameIn(text: string): string | null {
  const clean = (name: string) =>
    name
      .trim()
      .replace(/^(?:the\s+)?["']|["']$/g, "")
      .replace(/[.,;:!?]+$/, "")
      .replace(/\s+(?:and|&|of|the|in|on|at)$/i, "")
      .trim();
  // 1. In quotes: 'Crumb & Co', "Bloom".
  const quoted = /(?:^|[\s(:,-])(["'])([^"'\n]{2,60}?)\1(?=$|[\s,.;:!?)-])/.exec(text);
  if (quoted && /^[A-Z0-9]/.test(quoted[2]!)) return clean(quoted[2]!);
  // 2. "called Bloom & Wild", "named The Daily Grind".
  const called = new RegExp(String.raw`\b(?:called|named|titled|name is|name's)\s+(${NAME.source})`).exec(text);
  if (called) return clean(called[1]!);
  // 3. "for me, Ana Ruiz", "homepage for me — Tom Baker".
  const forMe = new RegExp(
    String.raw`\b(?:for|about|of)\s+me\s*(?:,|—|–|-|:)\s*(?:I'm\s+|I am\s+|my name is\s+)?(${NAME.source})`,
  ).exec(text);
  if (forMe) return clean(forMe[1]!);
  // "I'm Jane Doe", "my name is…".
  const me = new RegExp(String.raw`\b(?:I'm|I am|this is|we're|we are)\s+(${NAME.source})`).exec(text);
  if (me && !/^(?:I|A|An|The)$/.test(me[1]!)) return clean(me[1]!);
  // 4. "a website for Bella's Pizzeria", "a portfolio for Jane Doe".
  const forName = new RegExp(String.raw`\b(?:for|of)\s+(${NAME.source})`).exec(text);
  if (
    forName &&
    nameLike(forName[1]!) &&
    !/^(?:Me|Us)\b/.test(forName[1]!) &&
    !new RegExp(`^(?:${MONTHS}|${DAYS})\\b`, "i").test(forName[1]!)
  )
    return clean(forName[1]!);
  // 5. "Jane Doe's portfolio", "Crumb & Co's website".
  const owned = new RegExp(
    String.raw`(${NAME.source})'s\s+(?:new\s+|own\s+|personal\s+|little\s+)?(?:web ?site|site|portfolio|page|home ?page|landing page|link page|menu)`,
  ).exec(text);
  if (owned && !/^(?:I|A|An|The|My|Our)$/.test(owned[1]!))
    return clean(owned[1]!.replace(/^(?:A|An|The|My|Our)\s+/, ""));
  // 6. A name right after what it is: "my bakery Crumb & Co", "our band The Night Owls".
  const named = new RegExp(
    String.raw`\b(?:[Mm]y|[Oo]ur)\s+(?:\p{Ll}[\p{Ll}'-]*\s+){0,2}?\p{Ll}[\p{Ll}'-]*,?\s+(?=[A-Z])(${NAME.source})`,
    "u",
  ).exec(text);
  if (named && nameLike(named[1]!) && !new RegExp(`^(?:${MONTHS}|${DAYS})\\b`, "i").test(named[1]!))
    return clean(named[1]!);
  // 7. A name before the site word: "the Crumb & Co website".
  const before = new RegExp(
    String.raw`(?:^\s*|\b(?:the|a|an|our|my)\s+)(${NAME.source})\s+(?:web ?site|site|home ?page|landing page)\b`,
  ).exec(text);
  if (before && !/^(?:A|An|The|My|Our|I|Make|Build|Create|Need|Want)$/.test(before[1]!)) return clean(before[1]!);
  // 8. A person's name standing in a list: "my contact details: Priya Shah, accountant, …".
  const listed = /(?:^|[:,—–.!?]\s*|\s-\s*)([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})(?=\s*(?:,|—|–|\s-|$|\.|\(|;))/.exec(
    text,
  );
  if (listed && nameLike(listed[1]!) && !new RegExp(`^(?:${MONTHS}|${DAYS})\\b`, "i").test(listed[1]!))
    return clean(listed[1]!);
  return null;
}

/** Not a sentence's first word: "The Daily Grind" is a name, "The" alone is not. */
function nameLike(name: string): boolean {
  const words = name.split(/\s+/);
  return !NOT_A_NAME.test(words[0]!) || (/^The$/.test(words[0]!) && words.length > 1 && !NOT_A_NAME.test(words[1]!));
}

/** Capitalised words that start a sentence or an instruction, not a name. */
const NOT_A_NAME =
  /^(?:I|I'm|I've|I'd|We|We're|We've|My|Our|The|A|An|It|It's|This|That|They|He|She|You|Call|Email|Ring|Phone|Text|Open|Visit|Find|Follow|Please|Make|Build|Create|Add|Put|Show|Use|Website|Site|Page|Landing|Portfolio|Instagram|Facebook|YouTube|Youtube|Twitter|TikTok|LinkedIn|Spotify)$/;

const SUBJECT_STOP = new Set(
  "in at on with called named that which where who near based to and or for from by of since open opening call phone email ring text contact our my the a an is are was please website site page homepage landing portfolio menu".split(
    " ",
  ),
);

/** "for my bakery" → bakery (owner "my"); "our wedding website" → wedding (owner "our"). */
function subjectIn(lower: string, name: string | null): Words["subject"] {
  const after =
    /(?<![\p{L}])(?:for|of|about)\s+(my|our|the|a|an|his|her|their)\s+((?:\p{Ll}[\p{Ll}'-]*\s+){0,3}\p{Ll}[\p{Ll}'-]*)/u.exec(
      lower,
    );
  const take = (owner: string | null, phrase: string) => {
    const out: string[] = [];
    const all = phrase.split(" ");
    for (let i = 0; i < all.length; i++) {
      const w = all[i]!;
      if (
        SUBJECT_STOP.has(w) ||
        (name &&
          all.slice(i).join(" ").startsWith(name.toLowerCase().split(/\s+/)[0]!) &&
          name.toLowerCase().startsWith(w))
      )
        break;
      out.push(w);
    }
    // "my nephew's football team": the team; "our yoga studio's timetable page": the studio.
    const owned = out.findIndex((w) => w.endsWith("'s"));
    if (owned >= 0) {
      const rest = out.slice(owned + 1).filter((w) => !/^(?:new|own|latest|first|next)$/.test(w));
      const thing =
        rest.length > 0 &&
        !/^(?:timetable|schedule|menu|prices|page|lineup|line-up|website|site|homepage)$/.test(rest[0]!)
          ? rest
          : out.slice(0, owned + 1);
      out.splice(0, out.length, ...thing);
    }
    const noun = out.join(" ").replace(/'s$/, "");
    return noun && !/^(?:own|new|small|little|local|family)$/.test(noun) ? { noun, owner } : null;
  };
  if (after) {
    const found = take(after[1] === "my" || after[1] === "our" ? after[1] : null, after[2]!);
    if (found && !/^(?:me|us|myself)$/.test(found.noun)) return found;
  }
  // "I run a small florist", "we own a bike shop".
  const run =
    /\b(?:i|we)\s+(?:run|own|have|manage|am|'m|are|'re)\s+(?:a|an)\s+((?:\p{Ll}[\p{Ll}'-]*\s+){0,3}?\p{Ll}[\p{Ll}'-]*)(?=\s+(?:called|named|in|at|on|near|based|for|with|and|that|who|which)\b|[,.;:!?]|$)/u.exec(
      lower,
    );
  if (run) {
    const found = take(
      null,
      run[1]!
        .split(" ")
        .filter((w) => !/^(?:small|little|local|family|new|tiny|big|busy|friendly|independent)$/.test(w))
        .join(" "),
    );
    if (found) return found;
  }
  // "a bakery website", "our wedding page", "my photography portfolio".
  const before =
    /(?<![\p{L}])(my|our|a|an|the)\s+((?:\p{Ll}[\p{Ll}'-]*\s+){0,2}?\p{Ll}[\p{Ll}'-]*)\s+(?:web ?site|site|home ?page|landing page|page|portfolio)\b/u.exec(
      lower,
    );
  if (before) {
    const phrase = before[2]!
      .split(" ")
      .filter(
        (w) =>
          !/^(?:simple|small|nice|little|new|basic|personal|one-page|single-page|modern|clean|beautiful|professional|online|static|quick)$/.test(
            w,
          ),
      );
    const found =
      phrase.length > 0 ? take(before[1] === "my" || before[1] === "our" ? before[1] : null, phrase.join(" ")) : null;
    if (found) return found;
  }
  return null;
}

/** "Jane Doe, a freelance illustrator based in Manchester" / "I'm a wedding photographer in York". */
function descriptionIn(text: string, name: string | null): string | null {
  const sources: RegExp[] = [/\b(?:I'm|I am|we're|we are)\s+(an?\s+[^,.;:!?—–(]{3,100})/i];
  // "Jane Doe, a freelance illustrator…", "Tom Baker, freelance carpenter in Cardiff —", "Crumb & Co, our family bakery in Leeds:"
  if (name)
    sources.unshift(
      new RegExp(
        `${escapeRegExp(name)}["']?\\s*(?:,|—|–|\\s-)\\s*((?:an?\\s+|our\\s+|my\\s+)?[a-z][^,.;:!?—–(@]{2,100})`,
      ),
    );
  for (const re of sources) {
    const m = re.exec(text);
    if (!m) continue;
    const phrase = m[1]!
      .replace(/^(?:an?|our|my)\s+/i, "")
      .replace(/\s+(?:and|who|that|with)\s+(?:I|we)\b.*$/i, "")
      .replace(/\s+(?:and\s+)?(?:I|we)\s+(?:want|need|would like|'d like).*$/i, "")
      .trim();
    if (
      phrase &&
      !/\b(?:web ?site|site|page|portfolio|landing|with|want|need|make|build)\b/i.test(phrase) &&
      !/\d{4,}/.test(phrase)
    )
      return phrase.charAt(0).toUpperCase() + phrase.slice(1);
  }
  return null;
}

function placeIn(text: string): string | null {
  const m =
    /\b(?:in|based in|located in|near|from)\s+((?:[A-Z][\w'-]*)(?:[\s-](?:upon|on|under|le|by|de|[A-Z][\w'-]*))*)/.exec(
      text,
    );
  if (!m) return null;
  const place = m[1]!.replace(/[.,]+$/, "");
  if (new RegExp(`^(?:${MONTHS}|${DAYS}|I|The|A|My|Our)$`, "i").test(place)) return null;
  return place;
}

const STREET =
  "Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Way|Square|Sq|Place|Pl|Row|Drive|Dr|Close|Court|Ct|Terrace|Parade|Hill|Market|Green|Boulevard|Blvd|Gardens|Crescent|Walk|Yard|Quay|Wharf|Arcade|Mews|Broadway|Highway";

function addressIn(text: string): string | null {
  const labelled = /\baddress\s*(?:is|:)\s*([^.;!?]{4,120})/i.exec(text);
  if (labelled) return labelled[1]!.trim().replace(/,$/, "");
  const street = new RegExp(
    String.raw`\b(\d{1,4}[a-zA-Z]?\s+(?:[A-Z][\w'-]*\s+){1,4}(?:${STREET})\b\.?(?:,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?(?:,?\s*[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|,?\s*\d{5}(?:-\d{4})?\b)?)`,
  ).exec(text);
  return street ? street[1]!.replace(/[.,]+$/, "") : null;
}

/** A stretch of text that reads as opening hours: days, times, ranges. */
const HOURS_TOKEN = String.raw`(?:(?:${DAYS}|daily|every\s+day|weekdays|weekends|bank\s+holidays)\b\.?|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midday|midnight|late|till|until|til|to|from|through|thru|and|except|[-–—/&,]|\s)+`;

/** Where one line of opening hours ends: "Mon-Fri 9-5, Sat 10-2" is two lines. */
const HOURS_BREAK = new RegExp(
  String.raw`\s*;\s*|,\s*(?=(?:${DAYS}|daily|weekends?|weekdays)\b)|\s+and\s+(?=(?:${DAYS}|daily|weekends?|weekdays)\b)`,
  "i",
);

function hoursIn(text: string): string[] {
  const lines: string[] = [];
  if (/\bopen\s+24\/7\b|\b24\/7\b/i.test(text)) lines.push("24/7");
  const opening = new RegExp(
    String.raw`\b(?:(?:we're|we are)\s+)?(?:open(?:ing)?(?:\s+(?:hours|times))?|hours)\s*(?:are|is|:)?\s*(${HOURS_TOKEN})`,
    "gi",
  );
  for (const m of text.matchAll(opening)) {
    const raw = m[1]!.replace(/(?:\s|,|and|to|from|&|[-–—/])+$/i, "").trim();
    // A time needs digits in a clock-like shape: "8-4", "9am", "10:00", "7 to 3".
    if (!/\d\s*(?:[-–—]|to|till|until)\s*\d|\d\s*(?:am|pm)|\d[:.]\d{2}|noon|midday|midnight/i.test(raw)) continue;
    for (const part of raw.split(HOURS_BREAK)) {
      const line = part.replace(/^(?:and|,)\s*/i, "").trim();
      if (line) lines.push(line);
    }
  }
  const closed = new RegExp(String.raw`\bclosed\s+(?:on\s+)?((?:${DAYS})(?:\s*(?:,|and|&)\s*(?:${DAYS}))*)`, "i").exec(
    text,
  );
  if (closed) lines.push(`Closed ${closed[0].replace(/^closed\s+/i, "")}`);
  return [...new Set(lines)].slice(0, 14);
}

/** Words that ask for a section rather than name a thing on offer ("with our menu and opening hours"). */
const SECTION_WORDS =
  /^(?:(?:a|an|the|our|my|some)\s+)*(?:menu|opening hours|opening times|hours|contact(?: details| info| form| page| section)?|phone(?: number)?|email(?: address)?|address|location|map|directions|gallery|photos|pictures|about(?: us| me)?|our story|prices|pricing|price list|reviews|testimonials|faqs?|team|social(?: media)?(?: links)?|links|contact us|a way to contact us|booking|bookings|info|information|details|a hero|hero(?: section)?|footer|header|section|sections|page|pages|logo|colou?rs?|design)\b/i;

function offersIn(text: string): Words["offers"] {
  const patterns: Array<{ re: RegExp; heading?: (m: RegExpExecArray) => string }> = [
    {
      re: /\b(services|products|treatments|classes|courses|lessons|specialities|specialties|offerings)\s*(?::|include|are|like|such as)\s*([^.;!?]+)/i,
      heading: (m) => m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1).toLowerCase(),
    },
    {
      re: /\b(?:we|i)\s+(?:also\s+|mainly\s+|only\s+)?(?:sell|make|bake|offer|serve|do|provide|stock|cook|brew|roast|teach|host|fix|repair|build|design|create|grow|specialise in|specialize in)\s+([^.;!?]+)/i,
    },
    { re: /\b(?:sells|makes|bakes|offers|serves|provides|stocks|teaches)\s+([^.;!?]+)/i },
    {
      re: /\b(?:selling|offering|serving|making|baking|specialising in|specializing in|specialists? in|known for|famous for)\s+([^.;!?]+)/i,
    },
  ];
  for (const { re, heading } of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const items = listItems(m[m.length - 1]!);
    if (items.length > 0) return { heading: heading?.(m) ?? null, items: items.map((title) => ({ title })) };
  }
  return { heading: null, items: [] };
}

/** "sourdough, pastries and great coffee, open 8-4" → ["Sourdough", "Pastries", "Great coffee"]. */
function listItems(phrase: string): string[] {
  const cut = phrase
    // The list ends where the next clause starts.
    .split(
      /,?\s+(?:in|at|near|from|since|for over|for the last|based|located|open|opening|call|ring|phone|email|text|visit|find|follow|and (?:we|i|you|call|email|ring|open|it|the site|the page)|(?:we|i)\s+(?:are|'re|want|need|would)|with (?:a|an|our|my|the)\s+(?:menu|contact|opening|page|section|gallery|map)|to\s)\b/i,
    )[0]!
    .replace(/\b(?:etc|and more|and so on|and lots more)\.?$/i, "");
  return cut
    .split(/\s*,\s*|\s+(?:and|&|or|plus)\s+/)
    .map((item) =>
      item
        .trim()
        .replace(
          /^(?:and|or|also|some|our|my|the|a|an|lots of|all kinds of|all sorts of|great|delicious|tasty|the best)\s+/i,
          "",
        )
        .replace(/^(?:and|or|also|some|our|my|the|a|an)\s+/i, "")
        .replace(/[.!?]+$/, "")
        .trim(),
    )
    .filter(
      (item) =>
        item.length >= 2 &&
        item.length <= 60 &&
        item.split(" ").length <= 6 &&
        !SECTION_WORDS.test(item) &&
        !/\d{3,}|@|\bhttps?:/.test(item),
    )
    .map((item) => item.charAt(0).toUpperCase() + item.slice(1))
    .filter((item, i, all) => all.indexOf(item) === i)
    .slice(0, 12);
}

const PRICE = String.raw`(?:[£$€]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|eur|euros?|usd|dollars?|pounds?|gbp|kr|chf)\b)`;

/** "flat white £3, croissant £2.50" → items with prices, as written. */
function pricedIn(text: string): SiteItem[] {
  const out: SiteItem[] = [];
  const re = new RegExp(
    String.raw`([A-Za-z][A-Za-z '&-]{1,40}?)\s*(?:[-–—:]\s*|\(\s*|\bat\s+|\bfor\s+)?(${PRICE})\)?`,
    "gi",
  );
  for (const m of text.matchAll(re)) {
    const title = m[1]!
      .replace(/^.*\b(?:menu|prices?|includes?|including|with|has|have|:)\s+/i, "")
      .replace(/^(?:and|a|an|the|our|plus)\s+/i, "")
      .trim();
    if (title.length < 2 || SECTION_WORDS.test(title)) continue;
    out.push({ title: title.charAt(0).toUpperCase() + title.slice(1), price: m[2]!.trim() });
  }
  return out.slice(0, 40);
}

const OFFER_SENTENCE =
  /^(?:we|i)\s+(?:also\s+|mainly\s+|only\s+)?(?:sell|make|bake|offer|serve|provide|stock|cook|brew|roast|do|specialise in|specialize in)\s+[^.!?]*[.!?]?$/i;

/** The person's own sentences about themselves, not their instructions to Kiln. */
function aboutIn(original: string): string[] {
  const sentences = original
    .replace(/[’]/g, "'")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return sentences.filter(
    (s) =>
      /^(?:we|we're|we've|we'd|i|i'm|i've|our|my)\b/i.test(s) &&
      !/^(?:i|we)\s+(?:want|need|would like|'d like|wanna|am looking|are looking|would love|'d love|like|think)\b|^(?:i|we)'d\s+(?:like|love)\b/i.test(
        s,
      ) &&
      !/^(?:my|our)\s+(?:web ?site|site|page|portfolio|landing page)\b/i.test(s) &&
      !/\b(?:web ?site|site|page|landing page|home ?page|sections?|kiln|an app|portfolio)\b/i.test(s) &&
      !/^(?:my|our)\s+(?:phone|number|email|address|hours|opening)/i.test(s) &&
      // "We sell sourdough, pastries and coffee." is what they offer: it has a section of its own.
      !OFFER_SENTENCE.test(s) &&
      s.length <= 400,
  );
}

function dateIn(text: string): string | null {
  const weekday = String.raw`(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?`;
  const re = new RegExp(
    String.raw`\b(${weekday}(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s*[-–]\s*)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})\.?(?:,?\s+\d{4})?|${weekday}(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2})\b`,
    "i",
  );
  return re.exec(text)?.[1]?.trim() ?? null;
}

function timeIn(text: string): string | null {
  const m =
    /\b(?:at|from|starts? at|starting at|doors (?:open )?at)\s+(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)(?:\s*(?:-|–|to|until|till)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)?|\d{1,2}[:.]\d{2}(?:\s*(?:-|–|to|until|till)\s*\d{1,2}[:.]\d{2})?|noon|midday)/i.exec(
      text,
    );
  return m ? m[1]!.trim() : null;
}

function venueIn(text: string): string | null {
  const m = new RegExp(
    String.raw`(?:\b(?:at|venue:?)|\d\s*(?:am|pm)\s*,|\d[:.]\d{2}\s*,)\s+((?:the\s+|The\s+)?[A-Z][\w'&-]*(?:\s+(?:of|the|on|&|[A-Z][\w'&-]*))*(?:,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?)`,
  ).exec(text);
  if (!m) return null;
  const venue = m[1]!.replace(/[.,]+$/, "");
  return /^(?:I|The)$/.test(venue) ? null : venue;
}

const LINK_NAMES =
  /\b(instagram|insta|tiktok|twitter|youtube(?: channel)?|facebook|threads|bluesky|mastodon|linkedin|twitch|pinterest|github|substack|spotify|soundcloud|bandcamp|etsy(?: shop)?|patreon|ko-fi|podcast|newsletter|shop|store|blog|website)\b/g;

/** "links to my instagram, youtube and shop" → ["Instagram", "YouTube", "Shop"] (those without an address given). */
function namedLinksIn(text: string, links: SiteItem[]): string[] {
  // "links to Spotify, Apple Podcasts and our Instagram": each part is a link's name.
  const to = /\blinks?\s+(?:to|for)\s+([^.;!?]+)/i.exec(text);
  const names = to
    ? splitList(to[1]!)
        .map((part) =>
          part
            .replace(/^(?:my|our|the|a|an)\s+/i, "")
            .replace(/\s+(?:page|profile|account|channel)$/i, "")
            .trim(),
        )
        .filter((part) => part && part.split(" ").length <= 3 && !/\d{3,}|@/.test(part))
        .map((part) => PLATFORM_NAMES[part.toLowerCase()] ?? part.charAt(0).toUpperCase() + part.slice(1))
    : [...(/\blinks?\b(.*)$/i.exec(text)?.[1] ?? "").toLowerCase().matchAll(LINK_NAMES)].map(
        (m) => PLATFORM_NAMES[m[1]!.split(" ")[0]!] ?? m[1]!,
      );
  return [...new Set(names)].filter((n) => !links.some((l) => l.title.startsWith(n)));
}

// ─── What the person listed ──────────────────────────────────────────────────────────────────

/** How each part of a person's list reads: the first rule that matches. */
const PART_RULES: Array<{ key: SectionKey | "skip"; match: RegExp }> = [
  // The page's own furniture, not a section: the name and tagline are the top band already.
  {
    key: "skip",
    match:
      /\b(?:headline|hero|banner|logo|button|call to action|cta|title|tagline|slogan|footer|header|navigation|nav|colou?rs?|fonts?|design|layout|photo|picture|image|avatar|headshot|name)\b/i,
  },
  {
    key: "contact",
    match:
      /\b(?:contact|phone(?: number)?|mobile(?: number)?|telephone|e-?mail(?: address)?|address|location|map|directions|find us|get in touch|socials?|social media|whatsapp)\b/i,
  },
  { key: "hours", match: /\bopening (?:hours|times)\b|\bhours\b|\bwhen (?:we(?:'re| are)|it's|it is) open\b/i },
  { key: "menu", match: /\bmenus?\b/i },
  {
    key: "about",
    match:
      /\babout\b|\bstory\b|\bwho (?:we are|i am)\b|\bbio(?:graphy)?\b|\bintro(?:duction)?\b|\bhistory\b|\bmission\b/i,
  },
  {
    key: "work",
    match:
      /\bcase stud(?:y|ies)\b|\bprojects?\b|\bpast (?:jobs|work|projects)\b|\bjobs\b|\bgallery\b|\bphotos\b|\bpictures\b|\bexamples\b|\bwork\b/i,
  },
  {
    key: "offer",
    match:
      /\bwhat (?:we|i) (?:do|offer|sell|make|bake|teach)\b|\bservices\b|\bproducts\b|\btreatments\b|\bclasses\b|\bcourses\b|\blessons\b/i,
  },
  { key: "prices", match: /\bprices?\b|\bpricing\b|\brates\b|\bfees\b|\bplans\b|\btiers\b|\bpackages\b/i },
  { key: "features", match: /\bfeatures\b|\bbenefits\b/i },
  { key: "links", match: /\blinks?\b/i },
  { key: "details", match: /\bvenue\b/i },
  { key: "testimonials", match: /\btestimonials?\b|\breviews\b/i },
  { key: "faq", match: /\bfaqs?\b|\bquestions\b/i },
  { key: "team", match: /\bteam\b|\bstaff\b/i },
  {
    key: "dates",
    match:
      /\bline-?up\b|\btimetable\b|\bschedule\b|\bdates\b|\bgigs\b|\bevents\b|\bprogramme\b|\bfixtures\b|\bresults\b|\bmatches\b/i,
  },
  { key: "skills", match: /\bskills\b/i },
  { key: "experience", match: /\bexperience\b|\bcv\b/i },
];

/** Sections whose list, after a colon, is their items: "our menu: starters, mains…", "timetable page: Monday 6pm Vinyasa, …". */
const ITEMS_HEAD =
  /\b(menus?|services|treatments|classes|courses|products|prices|price list|pricing(?: tiers| plans| options)?|plans|tiers|packages|features|links|timetable|schedule|line-?up|dates|gigs|skills|contact details|contact info|details)(?:\s+(?:page|section|online|here|below|list))?\s*$/i;
const SITE_WORD = /\b(?:web ?site|site|page|home ?page|landing page|portfolio|one-pager|link in bio|linktree)\b/i;
const NUMBER_WORDS =
  /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|some|lots of|many)\s+/i;

/**
 * "our story, the venue (Hollins Barn, 3 May), and where to stay nearby" → the parts, parentheses
 * kept whole. Only the last part splits on "and" ("full groom, bath and brush, nail clipping" is three).
 */
function splitList(list: string): string[] {
  const split = (text: string, at: RegExp): string[] => {
    const out: string[] = [];
    const sticky = new RegExp(at.source.replace(/^\^/, ""), `${at.flags}y`);
    let depth = 0;
    let current = "";
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === "(") depth++;
      if (ch === ")") depth = Math.max(0, depth - 1);
      sticky.lastIndex = i;
      const hit = depth === 0 ? sticky.exec(text) : null;
      if (hit) {
        out.push(current);
        current = "";
        i += hit[0].length - 1;
        continue;
      }
      current += ch;
    }
    out.push(current);
    return out;
  };
  const parts = split(list, /^\s*[,;]\s*/);
  const last = parts.pop() ?? "";
  // "links to my linkedin and github" is one part: its "and" is inside it.
  parts.push(...(/\blinks?\s+(?:to|for)\b/i.test(last) ? [last] : split(last, /^\s(?:and|plus)\s/i)));
  return parts
    .map((p) =>
      p
        .trim()
        .replace(/^(?:and|or|also|plus)(?:\s+|$)/i, "")
        .trim(),
    )
    .filter(Boolean);
}

/** The end of the sentence a list starts in (a period inside parentheses or a number does not end it). */
function sentenceFrom(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && /[.!?]/.test(ch) && !/\d/.test(text[i + 1] ?? "")) return text.slice(start, i);
  }
  return text.slice(start);
}

/** What the person listed for the page: its sections (after the site word) or one section's items. */
function listedIn(text: string): Listed {
  const listed: Listed = { sections: [], items: {}, offers: [], action: actionIn(text) };
  const siteAt = SITE_WORD.exec(text)?.index ?? -1;
  const starts: Array<{ at: number; before: string; colon: boolean }> = [];
  // After a colon or a dash: "Website for Paws Rescue: who we are, …", "… in Madrid — a short bio, …".
  for (const m of text.matchAll(/:\s*|\s[—–-]\s+/g))
    starts.push({ at: m.index + m[0].length, before: text.slice(Math.max(0, m.index - 60), m.index), colon: true });
  for (const m of text.matchAll(
    /\b(?:with|featuring|including|listing|showing|covering|containing|that (?:has|shows|lists)|which (?:has|shows|lists))\s+/gi,
  )) {
    if (siteAt >= 0 && m.index > siteAt)
      starts.push({ at: m.index + m[0].length, before: text.slice(Math.max(0, m.index - 60), m.index), colon: false });
  }
  starts.sort((a, b) => a.at - b.at);
  // A page's list is in its first sentences: a few dozen places to look are plenty.
  for (const { at, before, colon } of starts.slice(0, 40)) {
    // A list runs to the end of its sentence, or to a colon that starts a list of its own.
    const sentence = sentenceFrom(text, at);
    const own = /:|\s[—–]\s/.exec(sentence);
    // "we bake sourdough, cinnamon buns and …" is a sentence, not a list of sections.
    if (/^(?:we|i|you|they|it|he|she|there)\b/i.test(sentence.trim())) continue;
    const parts = splitList(own ? sentence.slice(0, own.index) : sentence);
    const itemsOf = ITEMS_HEAD.exec(before);
    if (itemsOf) {
      const key = PART_RULES.find((r) => r.match.test(itemsOf[1]!))?.key;
      if (key && key !== "skip" && key !== "contact" && !listed.items[key]) {
        const heading = itemsOf[1]!.replace(/s$/i, (m) => (/menus/i.test(itemsOf[1]!) ? "" : m));
        listed.items[key] = {
          heading: capitalise(heading.toLowerCase()),
          items: parts.map(itemFrom).filter((i): i is SiteItem => i !== null),
        };
      }
      continue;
    }
    if (listed.sections.length > 0) continue;
    const read = parts.map(partFrom);
    // A list of sections names at least one thing a page has ("our menu", "how to join", "when we
    // meet", "visitor info"); anything else after the name is what they offer.
    const sectionLike = (p: ReturnType<typeof partFrom>) =>
      p !== null &&
      ((p.key !== "text" && p.key !== "value" && p.key !== "skip") ||
        (p.key === "text" &&
          /^(?:when|where|how|what|who|why)\b|\b(?:info|information|details|guide)$/i.test(p.heading)));
    if (!read.some(sectionLike)) {
      if (colon && listed.offers.length === 0 && !/\b(?:each|every|fields?|columns?)\b/i.test(before)) {
        listed.offers = parts
          .filter((part) => !/^(?:based|located|in|near|from|open|call|email|find)\b/i.test(part))
          .flatMap((part) => (/^[\d£$€]/.test(part) ? [] : splitList(part.replace(/\s+and\s+/gi, ", "))))
          .map(itemFrom)
          .filter((i): i is SiteItem => i !== null && i.title.length <= 60);
        const rates = parts.filter((part) => new RegExp(`^${PRICE}`, "i").test(part));
        if (rates.length > 0) listed.items.prices = { heading: "Prices", items: rates.map((title) => ({ title })) };
      }
      continue;
    }
    let last: Listed["sections"][number] | null = null;
    for (const part of read) {
      if (part === null) continue;
      // "our address, 12 Mill Lane": a bare value belongs to the part before it.
      if (part.key === "value") {
        if (last && !last.value) last.value = part.heading;
        continue;
      }
      if (part.key === "skip") continue;
      last = { key: part.key, heading: part.heading, value: part.value };
      listed.sections.push(last);
    }
  }
  return listed;
}

/** "a 'join the waitlist' button", "a Book now button": the label, in their words. */
function actionIn(text: string): SiteItem | null {
  const m =
    /(["'])([^"'\n]{2,40})\1\s+(?:button|link|call to action)\b|\b(?:a|an|the)\s+((?:[A-Z][\w'-]*|[a-z][\w'-]*)(?:\s+[\w'-]+){0,3}?)\s+button\b/.exec(
      text,
    );
  const label = (m?.[2] ?? m?.[3])?.trim();
  if (!label || /^(?:big|nice|simple|main|contact|call|email)$/i.test(label)) return null;
  return { title: capitalise(label) };
}

/** One part of a list of sections: its kind, the person's own heading for it, and any value they gave. */
function partFrom(
  part: string,
): { key: SectionKey | "text" | "skip" | "value"; heading: string; value: string | null } | null {
  if (/^[\d£$€+]/.test(part)) return { key: "value", heading: part.trim(), value: null };
  const aside = /\(([^)]*)\)/.exec(part);
  let phrase = part
    .replace(/\([^)]*\)/g, " ")
    .replace(/\s+/g, " ")
    .replace(/^(?:with|including|featuring|plus|also|and)\s+/i, "")
    .trim();
  let value = aside?.[1]?.trim() || null;
  // A value after the words: "our charity number 1234567", "opening hours Mon–Sat 7–4".
  const trailing = /^(.*?[a-z])\s+((?:[\d£$€]|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b).*)$/i.exec(phrase);
  if (trailing && !value) {
    phrase = trailing[1]!;
    value = trailing[2]!.trim();
  }
  phrase = phrase
    .replace(/^["'“‘]|["'”’]$/g, "")
    .replace(/^(?:a|an|the|my|your|their)\s+/i, "")
    .replace(NUMBER_WORDS, "")
    .replace(/^(?:short|brief|little|quick|simple|nice|big|small|few)\s+/i, "")
    .trim();
  if (!phrase || phrase.length > 60 || phrase.split(" ").length > 7) return null;
  // "my instagram @x", "our music on bandcamp.com/…": the address is a contact link already.
  if (/^(?:my|our|your|their)$/i.test(phrase) || /\s(?:on|at|via|from|to)$/i.test(phrase)) return null;
  const key = PART_RULES.find((r) => r.match.test(phrase))?.key ?? "text";
  // Their words make the heading; "our" stays where it reads naturally ("Our story").
  const heading = key === "about" ? phrase : phrase.replace(/^our\s+/i, "");
  return { key, heading: heading.charAt(0).toUpperCase() + heading.slice(1), value };
}

/** One listed item: "flat white £3", "Monday 6pm Vinyasa", "desserts with prices". */
function itemFrom(part: string): SiteItem | null {
  const text = part
    .replace(/\s+with (?:their |the )?prices?$/i, "")
    .replace(/^(?:and|a|an|the|our|my|some)\s+/i, "")
    .trim();
  if (!text || text.length > 120) return null;
  const priced = new RegExp(String.raw`^(.*?)\s*(?:[-–—:]\s*|\bat\s+|\bfor\s+)?(${PRICE})$`, "i").exec(text);
  if (priced && priced[1]) return { title: capitalise(priced[1]), price: priced[2]!.trim() };
  return { title: capitalise(text) };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// ─── Sections ────────────────────────────────────────────────────────────────────────────────

type SectionKey =
  | "about"
  | "offer"
  | "menu"
  | "hours"
  | "contact"
  | "work"
  | "features"
  | "links"
  | "details"
  | "testimonials"
  | "faq"
  | "team"
  | "dates"
  | "skills"
  | "experience"
  | "prices";

const ASKABLE: Array<{ key: SectionKey; match: RegExp }> = [
  {
    key: "about",
    match:
      /\babout (?:us|me|the (?:business|shop|team|band|company))\b|\bour story\b|\bwho (?:we are|i am)\b|\b(?:short |a )bio\b(?! page)/,
  },
  { key: "menu", match: /\bmenu\b/ },
  { key: "offer", match: /\b(?:our |my )?services\b|\bwhat (?:we|i) (?:do|offer)\b|\b(?:our |my )products\b/ },
  { key: "prices", match: /\bprices\b|\bpricing\b|\bprice list\b|\brates\b/ },
  { key: "hours", match: /\bopening (?:hours|times)\b|\bhours\b|\bopen\b/ },
  {
    key: "work",
    match:
      /\bgallery\b|\b(?:my|our|past|selected|recent) (?:work|projects)\b|\bprojects\b|\bcase studies\b|\bphotos\b|\bpictures\b/,
  },
  { key: "features", match: /\bfeatures\b/ },
  { key: "testimonials", match: /\btestimonials?\b|\breviews\b|\bwhat (?:our )?(?:customers|clients|people) say\b/ },
  { key: "faq", match: /\bfaqs?\b|\bfrequently asked\b|\bq ?& ?a\b/ },
  { key: "team", match: /\b(?:our|the|meet the) team\b|\bour staff\b/ },
  {
    key: "dates",
    match: /\b(?:upcoming |tour )?(?:gigs|shows|tour dates|dates|events|timetable|schedule)\b|\bclasses\b/,
  },
  { key: "skills", match: /\bskills\b/ },
  { key: "experience", match: /\bexperience\b|\bcv\b|\bresume\b|\bwork history\b/ },
  { key: "links", match: /\blinks\b/ },
  { key: "contact", match: /\bcontact\b|\bget in touch\b|\bfind us\b/ },
];

function askedSections(lower: string): Words["asked"] {
  const found: Words["asked"] = [];
  for (const { key, match } of ASKABLE) {
    const m = match.exec(lower);
    if (m) found.push({ key, at: m.index });
  }
  return found.sort((a, b) => a.at - b.at);
}

const DEFAULT_SECTIONS: Record<SiteKind, SectionKey[]> = {
  business: ["about", "offer", "hours", "contact"],
  landing: ["about", "features", "contact"],
  portfolio: ["about", "work", "contact"],
  links: ["links"],
  menu: ["menu", "hours", "contact"],
  event: ["details", "about", "contact"],
  personal: ["about", "contact"],
};

function sectionsFor(kind: SiteKind, words: Words, name: string): Section[] {
  const food = kind === "menu" || FOOD_PLACE.test(`${words.subject?.noun ?? ""} ${words.description ?? ""}`);
  // A link page's list is its links, not its sections.
  if (words.listed.sections.length > 0 && kind !== "links") return listedSections(kind, words, name, food);
  let keys = [...DEFAULT_SECTIONS[kind]];
  // A band or a club has no shop counter: no "what we offer" or opening hours unless asked for.
  if (kind === "business" && !food && GROUP.test(words.subject?.noun ?? "")) keys = ["about", "contact"];
  // A café's site shows its menu where another business lists what it offers.
  if (kind === "business" && (food || words.asked.some((a) => a.key === "menu")))
    keys = keys.map((k) => (k === "offer" ? "menu" : k));
  if (kind === "links" && (words.email || words.phone || words.address)) keys.push("contact");
  // Sections the person asked for, in their order, before the contact section.
  const extra = words.asked
    .map((a) => a.key)
    .filter(
      (k) =>
        !keys.includes(k) &&
        !(k === "prices" && (keys.includes("menu") || keys.includes("offer"))) &&
        !(k === "links" && kind !== "links") &&
        !(k === "offer" && keys.includes("menu")),
    );
  const contactAt = keys.indexOf("contact");
  if (contactAt >= 0) keys.splice(contactAt, 0, ...extra.filter((k) => k !== "contact"));
  else keys.push(...extra);
  // A page named for what it lists ("our timetable page: Monday 6pm Vinyasa, …", "our menu: starters,
  // mains…"): that list, then the hours and how to reach them; no placeholders for what they did not ask.
  const itemKeys = Object.keys(words.listed.items) as SectionKey[];
  if (itemKeys.length > 0) {
    keys = [
      ...(words.about.length > 0 ? (["about"] as const) : []),
      ...(words.offers.items.length > 0 && !itemKeys.some((k) => ["offer", "menu", "features"].includes(k))
        ? [food ? ("menu" as const) : ("offer" as const)]
        : []),
      ...itemKeys,
      ...(words.hours.length > 0 || kind === "menu" ? (["hours"] as const) : []),
      "contact",
    ];
  }
  const sections = [...new Set(keys)].map((key) => {
    const given = words.listed.items[key];
    return sectionFor(
      key,
      kind,
      words,
      name,
      given && key !== "menu" && key !== "prices" ? { heading: given.heading, value: null } : undefined,
    );
  });
  return sections.filter((s): s is Section => s !== null);
}

/**
 * The sections the person listed, with their headings, and nothing they did not ask for but what
 * their words already hold (what they offer, their opening hours, how to reach them).
 */
function listedSections(kind: SiteKind, words: Words, name: string, food: boolean): Section[] {
  const sections: Section[] = [];
  const has = (...keys: Array<SectionKey | "text">) => words.listed.sections.some((s) => keys.includes(s.key));
  for (const given of words.listed.sections) {
    if (given.key === "text") {
      sections.push({
        id: sectionIdOf(given.heading),
        layout: "text",
        heading: given.heading,
        ...(given.value ? { text: given.value } : { placeholder: `Add the text for “${given.heading}”.` }),
      });
      continue;
    }
    if (given.key === "contact" && sections.some((s) => s.layout === "contact")) continue;
    const section = sectionFor(given.key, kind, words, name, given);
    if (section) sections.push(section);
  }
  const before = (section: Section | null) => {
    if (!section) return;
    const at = sections.findIndex((s) => s.layout === "contact");
    if (at >= 0) sections.splice(at, 0, section);
    else sections.push(section);
  };
  if (words.about.length > 0 && !has("about")) sections.unshift(sectionFor("about", kind, words, name)!);
  // What they offer comes first, after who they are.
  if (
    (words.offers.items.length > 0 || (words.priced.length > 0 && !has("prices"))) &&
    !has("offer", "menu", "features")
  ) {
    const offer = sectionFor(food ? "menu" : "offer", kind, words, name);
    if (offer) sections.splice(sections[0]?.id === "about" || has("about") ? 1 : 0, 0, offer);
  }
  if (words.hours.length > 0 && !has("hours")) before(sectionFor("hours", kind, words, name));
  // Every site says how to reach its people, or shows where to add it.
  if (!has("contact")) sections.push(sectionFor("contact", kind, words, name)!);
  return sections;
}

const sectionIdOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "section";

function sectionFor(
  key: SectionKey,
  kind: SiteKind,
  words: Words,
  name: string,
  given?: { heading: string; value: string | null },
): Section | null {
  const built = defaultSection(key, kind, words, name, given?.value ?? null);
  if (!built || !given) return built;
  // Their own heading and anchor ("Our story", "Past jobs"); contact and hours keep the usual ones.
  if (key === "contact" || key === "hours") return built;
  const generic = ![
    "menu",
    "prices",
    "offer",
    "work",
    "features",
    "links",
    "details",
    ...(kind === "event" ? [] : ["about"]),
  ].includes(key);
  return {
    ...built,
    id: sectionIdOf(given.heading),
    heading: given.heading,
    ...(built.placeholder && generic ? { placeholder: `Add the text for “${given.heading}”.` } : {}),
  };
}

function defaultSection(
  key: SectionKey,
  kind: SiteKind,
  words: Words,
  name: string,
  value: string | null,
): Section | null {
  const section = (
    layout: SectionLayout,
    heading: string,
    content: { text?: string; items?: SiteItem[]; placeholder?: string },
  ): Section => ({
    id: key,
    layout,
    heading,
    ...(content.text ? { text: content.text } : {}),
    ...(content.items && content.items.length > 0 ? { items: content.items } : {}),
    ...(content.placeholder ? { placeholder: content.placeholder } : {}),
  });
  const personal = kind === "personal" || kind === "portfolio" || words.firstPerson;
  // Items they listed for this section, or in its parentheses ("our menu (coffee, pastries, sandwiches)").
  const listedItems =
    words.listed.items[key]?.items ??
    (value && key !== "about" && key !== "hours" && key !== "contact" && key !== "details"
      ? splitList(value)
          .map(itemFrom)
          .filter((i): i is SiteItem => i !== null)
      : undefined);
  switch (key) {
    case "about": {
      const text = value ?? words.about.join(" ");
      if (kind === "event")
        return section(
          "text",
          "About the day",
          text ? { text } : { placeholder: "Add what to expect: the programme, what to wear, how to get there." },
        );
      if (kind === "landing")
        return section(
          "text",
          `About ${name}`,
          text ? { text } : { placeholder: "Add a few sentences about what it is and who it is for." },
        );
      return section(
        "text",
        personal ? "About me" : "About us",
        text
          ? { text }
          : {
              placeholder: personal
                ? "Add a few sentences about yourself and your work."
                : "Add a few sentences about who you are and what makes you different.",
            },
      );
    }
    case "offer": {
      const items = listedItems ?? (words.offers.items.length > 0 ? words.offers.items : words.priced);
      return section(
        "cards",
        words.offers.heading ?? (personal ? "What I offer" : "What we offer"),
        items.length > 0 ? { items } : { placeholder: "Add what you offer, with prices if you like." },
      );
    }
    case "menu": {
      const items = listedItems ?? (words.priced.length > 0 ? words.priced : words.offers.items);
      return section(
        "list",
        "Menu",
        items.length > 0 ? { items } : { placeholder: "Add your dishes and drinks, with their prices." },
      );
    }
    case "prices": {
      const items = listedItems ?? words.priced;
      return section("list", "Prices", items.length > 0 ? { items } : { placeholder: "Add your prices." });
    }
    case "hours":
      return section(
        "hours",
        "Opening hours",
        words.hours.length > 0 ? {} : { placeholder: "Add your opening hours." },
      );
    case "contact": {
      const any = words.email || words.phone || words.address || words.links.some((l) => l.url);
      return section(
        "contact",
        kind === "event" ? "Questions?" : personal ? "Get in touch" : "Contact",
        any ? {} : { placeholder: "Add your phone number, email address or address." },
      );
    }
    case "work":
      return section(
        "cards",
        kind === "portfolio" || personal ? "Work" : "Gallery",
        listedItems?.length
          ? { items: listedItems }
          : { placeholder: "Add your projects: a title and a line about each." },
      );
    case "features": {
      const items = listedItems ?? words.offers.items;
      return section(
        "cards",
        "Features",
        items.length > 0 ? { items } : { placeholder: "Add what it does for the people who use it." },
      );
    }
    case "links": {
      const items: SiteItem[] = [
        ...words.links,
        ...words.namedLinks.map((title) => ({ title })),
        ...(listedItems ?? []).filter(
          (i) => !words.links.some((l) => l.title === i.title) && !words.namedLinks.includes(i.title),
        ),
      ];
      const missing = words.namedLinks.length > 0 ? `Add the web address of ${listing(words.namedLinks)}.` : undefined;
      return section(
        "links",
        "Links",
        items.length > 0
          ? { items, ...(missing ? { placeholder: missing } : {}) }
          : { placeholder: "Add your links: a label and an address for each." },
      );
    }
    case "details": {
      const items: SiteItem[] = [];
      const when = [words.date, words.time].filter(Boolean).join(", ");
      const where = words.venue ?? words.address;
      if (when) items.push({ title: "When", text: when });
      if (where) items.push({ title: "Where", text: where });
      const missing = [!when && "the date and time", !where && "the place"].filter(Boolean).join(" and ");
      return section("details", "Details", { items, ...(missing ? { placeholder: `Add ${missing}.` } : {}) });
    }
    case "testimonials":
      return section(
        "cards",
        "What people say",
        listedItems?.length
          ? { items: listedItems }
          : { placeholder: "Add a few words from your customers or clients." },
      );
    case "faq":
      return section("details", "Questions", { placeholder: "Add the questions people ask, with your answers." });
    case "team":
      return section(
        "cards",
        "Our team",
        listedItems?.length
          ? { items: listedItems }
          : { placeholder: "Add the people on your team and what each of them does." },
      );
    case "dates":
      return section(
        "list",
        kind === "business" ? "What's on" : "Dates",
        listedItems?.length ? { items: listedItems } : { placeholder: "Add your dates: what, when and where." },
      );
    case "skills":
      return section(
        "cards",
        "Skills",
        listedItems?.length ? { items: listedItems } : { placeholder: "Add your skills." },
      );
    case "experience":
      return section(
        "list",
        "Experience",
        listedItems?.length
          ? { items: listedItems }
          : { placeholder: "Add where you have worked or studied, and when." },
      );
  }
}

function fallbackName(subject: Words["subject"], kind: SiteKind): string {
  if (subject) {
    const words = subject.noun.split(" ").map((w) => PLATFORM_NAMES[w] ?? w.charAt(0).toUpperCase() + w.slice(1));
    // An event or a link page keeps its owner ("Our Wedding", "My YouTube Channel"); a business is named by what it is ("Bakery").
    return (kind === "event" || kind === "links") && subject.owner
      ? `${subject.owner.charAt(0).toUpperCase()}${subject.owner.slice(1)} ${words.join(" ")}`
      : words.join(" ");
  }
  // Nothing named: a name that reads as one to replace.
  return {
    business: "Your Business",
    landing: "Your Product",
    portfolio: "Your Name",
    links: "Your Name",
    menu: "Menu",
    event: "Our Event",
    personal: "Your Name",
  }[kind];
}

function taglineFor(words: Words, name: string, kind: SiteKind): string | null {
  if (kind === "event") {
    const when = [words.date, words.time].filter(Boolean).join(", ");
    const where = words.venue ?? words.address;
    const line = [when, where].filter(Boolean).join(" · ");
    return line || null;
  }
  if (words.description) return words.description;
  if (words.subject && words.name) {
    const noun = words.subject.noun.charAt(0).toUpperCase() + words.subject.noun.slice(1);
    const line = words.place && !noun.includes(words.place) ? `${noun} in ${words.place}` : noun;
    return line.toLowerCase() === name.toLowerCase() ? null : line;
  }
  if (words.place && !name.includes(words.place)) return `In ${words.place}`;
  return null;
}

/** ["a", "b", "c"] → "a, b and c". */
function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
