/**
 * What a description asks for, offline: a data app, a content site, or something only a model
 * can write. Every new app without a model starts here.
 *
 *   planRequest("track my workouts: exercise, sets, reps")       → { kind: "app", plan }  (data app)
 *   planRequest("a landing page for my bakery, call 0113 496 0000") → { kind: "app", plan }  (plan.site)
 *   planRequest("a pomodoro timer")                              → { kind: "reply", reply, reason }
 *
 * The reading is a person's: the thing asked for is the head of the phrase ("a board game
 * collection" is a collection, "a budget calculator" a calculator), words after "for my …" say
 * whose it is and not what it is ("a landing page for my habit tracker app" is a landing page),
 * and asking to keep things ("where I can save recipes", "that logs my sessions") makes anything a
 * data app, because that is the part Kiln can build without a model.
 */
import { planFromDescription } from "./heuristic";
import { PlanError } from "./schema";
import { planSite, siteKindOf } from "./site";
import type { Plan, SiteKind } from "./types";

export type PlanRequestResult = { kind: "app"; plan: Plan } | { kind: "reply"; reply: string; reason: string };

/** Logic Kiln cannot write without a model, by what people call it. */
export type ModelNeed = "timer" | "calculator" | "converter" | "game" | "quiz" | "generator" | "reminder" | "tool";

export type RequestKind =
  { kind: "data" } | { kind: "site"; site: SiteKind } | { kind: "model"; need: ModelNeed; what: string };

/** Plans a description: a data app, a content site, or a plain reply when it needs a model. Never throws. */
export function planRequest(text: string): PlanRequestResult {
  const ask = classifyRequest(text);
  switch (ask.kind) {
    case "data":
      return { kind: "app", plan: dataPlan(text) };
    case "site":
      return { kind: "app", plan: planSite(text, ask.site) };
    case "model":
      return {
        kind: "reply",
        reply: needsModelReply(ask.need, ask.what),
        reason: `needs a model: ${ask.what} (${ask.need})`,
      };
  }
}

/** The data planner's plan; a description longer than a plan keeps (4,000 characters) is planned from its start. */
function dataPlan(text: string): Plan {
  try {
    return planFromDescription(text);
  } catch (err) {
    if (err instanceof PlanError && text.length > MAX_DESCRIPTION)
      return planFromDescription(text.slice(0, MAX_DESCRIPTION));
    throw err;
  }
}
const MAX_DESCRIPTION = 4000;

// ─── Words ───────────────────────────────────────────────────────────────────────────────────

/** Things only a model can write, with the words that name them. */
const LOGIC: Array<{ need: ModelNeed; match: RegExp }> = [
  { need: "timer", match: /\b(?:pomodoro|timers?|stop ?watch(?:es)?|count ?downs?|countdown clock|egg timer)\b/ },
  {
    need: "calculator",
    match: /\bcalculat(?:or|ors|e|es|ing)\b|\b(?:bill|tip) split(?:ter|ting)?\b|\bsplit(?:ting)? (?:the|a) bill\b/,
  },
  { need: "converter", match: /\bconvert(?:er|ers|s|ing)?\b|\bconversions?\b/ },
  { need: "quiz", match: /\bquiz(?:zes)?\b|\btrivia\b/ },
  {
    need: "game",
    match:
      /\bgames?\b|\btic[- ]?tac[- ]?toe\b|\bnoughts and crosses\b|\bsudoku\b|\bchess\b|\bwordle\b|\bhangman\b|\bcrosswords?\b|\bminesweeper\b|\btetris\b|\bpong\b|\bsnake\b|\b2048\b|\bpuzzles?\b|\bconnect (?:four|4)\b|\bsolitaire\b|\bblackjack\b|\bpoker\b/,
  },
  {
    need: "generator",
    match:
      /\b(?:password|name|random|idea|username|qr(?: code)?|lorem ipsum|meme|colou?r|palette|excuse|joke|story|poem|baby name|team) (?:generators?|pickers?)\b|\bgenerators?\b|\brandom (?:number|picker|name|choice|team)s?\b|\bdice(?: roller| rolling)?\b|\bcoin (?:flip|toss)\b|\bspin(?:ner)? (?:the )?wheel\b|\bdecision maker\b|\bsecret santa\b|\braffle\b/,
  },
  {
    need: "tool",
    match:
      /\bchat ?bots?\b|\bai (?:assistant|chat|tool)\b|\bweather\b|\bdrawing (?:app|tool|pad)\b|\bpaint(?:ing)? (?:app|program)\b|\bwhiteboard\b|\bpiano\b|\bmetronome\b|\bdrum machine\b|\btuner\b|\btyping (?:test|tutor|speed)\b|\btranslat(?:or|e|ion)\b|\bclock\b|\bmusic player\b|\bqr (?:code )?(?:scanner|reader)\b|\bcolou?r picker\b|\bword counter\b|\bcharacter counter\b/,
  },
  {
    need: "reminder",
    match: /\breminders?\b|\balarm clock\b|\bnotifications?\b/,
  },
];

const WHAT: Record<ModelNeed, string> = {
  timer: "a timer",
  calculator: "a calculator",
  converter: "a converter",
  game: "a game",
  quiz: "a quiz",
  generator: "a random picker or generator",
  reminder: "reminders",
  tool: "an interactive tool",
};

/** Sites by what they are (specific), and the container words that only say "a page" (generic). */
const SITE_SPECIFIC =
  /\blanding ?page\b|\bprice ?list\b|\bhome ?page\b|\bportfolio\b|\blink[- ]?in[- ]?bio\b|\blink ?tree\b|\blinks? page\b|\bbio (?:page|link)\b|\babout[- ]me(?: page)?\b|\bcoming[- ]soon page\b|\bsplash page\b|\bproduct page\b|\blaunch page\b|\bone[- ]pager?\b|\bbrochure (?:site|website)\b|\bbusiness card\b|\bonline (?:cv|resume)\b|\b(?:cv|resume) (?:site|website|page)\b|\bmenu\b|\b(?:wedding|party|birthday|event|conference|meetup|festival|gig|concert|reunion|fundraiser) (?:web ?site|site|page|invite|invitation)\b/;
const SITE_GENERIC = /\bweb ?sites?\b|\bweb ?pages?\b|\bsites?\b|\bpages?\b|\bmicrosite\b/;

/** Things people keep: an app named by one of these is a data app. */
const DATA_HEAD =
  /\b(?:(?:investment|stock|crypto|share|trading|financial|pension|property|dividend) portfolio|tracker|tracking|log|logbook|journal|diary|database|db|crm|inventory|catalog(?:ue)?|spreadsheet|to-?dos?|to do list|checklist|planner|organi[sz]er|manager|management (?:app|system|tool)|dashboard|admin(?: panel)?|directory|ledger|list|collection|library|notebook|kanban(?: board)?|wiki|knowledge base|blog|forum|marketplace|online (?:shop|store)|e-?commerce|booking system|reservation system|ticketing|helpdesk|help desk|portal|intranet|social network|timesheet|flash ?cards?|scores?|scoreboard|leaderboard|league table)\b/;

/** Asking for a thing to be kept: the collection systems people name. */
const COLLECTS =
  /\b(?:booking (?:system|form|page|calendar)|online (?:booking|bookings|ordering|orders|reservations?)|reservation (?:system|form)|order form|sign-?up form|(?:email|newsletter|mailing list|waiting list|wait ?list) sign-?ups?|sign-?ups? for (?:the|a|our) (?:newsletter|mailing list|waiting list|wait ?list)|guest ?book|rsvp (?:form|page|site|app)|rsvps|members'? area|member login|user accounts|log ?in|login|sign[- ]in|accounts for)\b/;

/**
 * Keeping things: verbs of an app that stores what its people enter. The strong ones make a data
 * app of anything; the weak ones ("where I enter the bill") only of a site, since entering numbers
 * into a calculator keeps nothing.
 */
const KEEP_STRONG = String.raw`(?:track|tracks|tracked|tracking|keep track of|keeps track of|keeping track of|log|logs|logged|logging|record|records|recording|manage|manages|managing|store|stores|storing|save|saves|saving|organi[sz]e|organi[sz]es|organi[sz]ing|catalog(?:ue)?|cataloguing|cataloging|collect|collects|collecting|keep|keeps|keeping|book|books|booking|reserve|reserves|rsvp|sign up|signs up|register|registers|upload|uploads|post|posts)`;
const KEEP_WEAK = String.raw`(?:schedule|schedules|scheduling|submit|submits|vote|votes|rate|rates|review|reviews|comment|comments|add|adds|adding|edit|edits|update|updates|delete|remove|note down|jot down|write down|enter|plan|plans|planning|assign|assigns|monitor|monitors|monitoring|tick off|check off|mark)`;
const AGENT = String.raw`(?:i|we|they|you|me|us|people|users|customers|visitors|guests|clients|members|staff|students|parents|anyone|everyone|the team|my team|my family|employees|players)`;
/** "where I can save recipes", "so that customers can book", "that lets me track", "I want to track". */
const keepingClauses = (verbs: string) => [
  new RegExp(
    String.raw`\b(?:where|so|so that|that|which|lets|let|letting|allows?|allowing|helps?|help|for|and)\s+${AGENT}\s+(?:can\s+|could\s+|to\s+|will\s+|should be able to\s+|are able to\s+|is able to\s+)?(?:also\s+|easily\s+|quickly\s+)?${verbs}\b`,
  ),
  new RegExp(
    String.raw`\b${AGENT}\s+(?:can|could|want to|need to|would like to|'d like to|wanna|will|should be able to|be able to)\s+(?:also\s+|easily\s+)?${verbs}\b`,
  ),
];
const KEEPING_STRONG = [
  ...keepingClauses(KEEP_STRONG),
  // "to track my runs", "for tracking expenses" (not "call us to book": that is a sentence on the page)
  /(?<!\b(?:call|ring|phone|email|e-mail|text|message|contact|visit|dm|whatsapp)(?: us| me)?(?: now)? )\bto\s+(?:help me\s+)?(?:track|keep track of|log|record|manage|store|save|organi[sz]e|catalog(?:ue)?|collect|book|reserve|schedule|rsvp|sign up|register|submit|upload|note down|jot down|write down|plan|monitor|keep (?:a )?(?:list|record|log|note|tally) of)\b/,
  /\bfor\s+(?:tracking|keeping track of|logging|recording|managing|storing|saving|organi[sz]ing|cataloguing|cataloging|collecting|booking|reserving|scheduling|planning|monitoring|noting down|writing down|jotting down|selling|ordering)\b/,
  // "a page where I can see all my subscriptions": what they see is theirs, kept.
  /\b(?:where|so|so that|that|and)\s+(?:i|we)\s+can\s+(?:see|view|check|browse|search|find|look up|filter|sort|compare)\s+(?:all\s+)?(?:my|our|the)\b/,
  // "a website to sell my candles", "an app where customers can order", "people can leave reviews":
  // things kept for others (not "where to buy tickets" or "call to order": sentences on a page).
  /\b(?:site|website|page|app|shop|store|place|platform)\s+(?:to|for people to|where (?:people|customers|visitors|anyone) can)\s+(?:sell|buy|order|leave|post|share|upload|submit)\b/,
  new RegExp(
    String.raw`\b${AGENT}\s+(?:can|could|should be able to)\s+(?:sell|buy|order|leave|post|share|upload|submit|send in)\b`,
  ),
  // "a timer that logs my sessions", "a page which collects emails"
  /\b(?:that|which|and|to)\s+(?:also\s+)?(?:tracks|logs|records|stores|saves|collects|keeps|manages|remembers|takes (?:bookings|orders|reservations|appointments|sign-?ups))\b/,
  // "Track my workouts…", "Keep a list of…" at the start of a clause.
  /(?:^\s*|[.;:!?—–]\s*|\band (?:also )?)(?:please\s+)?(?:(?:i want to|i need to|help me)\s+)?(?:track|log|record|manage|store|save|organi[sz]e|catalog(?:ue)?|collect|keep track of|keep (?:a )?(?:list|record|log|note|track|tally) of)\b(?!\s+(?:shop|store|label|player|company|studio|fair|cabin|book|room))/,
];
const KEEPING_WEAK = keepingClauses(KEEP_WEAK);

/**
 * The shapes of a data model: "members with name, rating and phone", "Leads: company, email,
 * phone", "each game has…". Only bare words count as fields ("a quiz with 10 questions, a timer
 * and a score" lists features, not fields).
 */
const FIELD = String.raw`(?!(?:who|what|when|where|how|why)\b)(?:(?:an?|the|their|its|his|her)\s+)?[a-z][a-z'/-]*(?:\s+[a-z][a-z'/-]*){0,3}`;
const FIELD_LIST = [
  new RegExp(
    String.raw`\b[a-z]+\s*(?::|\bwith\b|—|–|\s-)\s*${FIELD}\s*,\s*${FIELD}\s*(?:,\s*(?:and\s+)?|\s(?:and|&)\s+)${FIELD}\s*(?:[,;.)(]|$)`,
  ),
  /\b(?:each|every|per|for each)(?:\s+[a-z]+)?\s*(?::|\s(?:has|have|needs?|should have|gets?|with)\b)/,
];

/** Words that only a page's sections are, never a data model's fields. */
const SECTION_ONLY =
  /\b(?:menu|opening hours|opening times|about us|about me|our story|gallery|testimonials|faqs?|bio|map|directions|socials|social links|contact details|how to find us|find us)\b/;

/** What logic does, for descriptions that name no thing: "it randomly decides", "pings me every hour". */
const BEHAVIOUR: Array<{ need: ModelNeed; match: RegExp }> = [
  {
    need: "generator",
    match:
      /\brandom(?:ly|i[sz]e[sd]?)?\b|\bshuffles?\b|\bdraws? (?:names|a winner|lots)\b|\bpicks? (?:a|one) (?:winner|person|name) (?:at random|randomly)\b/,
  },
  {
    need: "reminder",
    match:
      /\bremind(?:s|er|ers)? (?:me|us|you|them)\b|\bpings? (?:me|us|you)\b|\bnotif(?:y|ies) (?:me|us|you)\b|\bbeeps?\b|\balarms?\b/,
  },
  { need: "timer", match: /\bcounts? down\b/ },
  { need: "calculator", match: /\bcalculates?\b|\bworks? out (?:how much|the total|what)\b/ },
  { need: "converter", match: /\bconverts?\b/ },
];

/** Words that follow a noun without being one: "put our menu online". */
const NOT_A_NOUN =
  /^(?:online|offline|here|there|now|today|too|again|instead|only|first|asap|please|up|down|out|off|over|all|everything|something|anything)$/;

/** Words after a head that keep it the head: "a timer app", "a calculator tool". */
const CONTAINER =
  /^(?:app|apps|application|tool|tools|program|programme|widget|thing|website|site|page|webpage|web|game|for|please)$/;

/** Things a person collects, which make "a recipe website" a collection rather than a page. */
const COLLECTION_NOUN =
  /\b(?:recipes?|books?|movies?|films?|notes?|tasks?|todos?|contacts?|expenses?|workouts?|habits?|bookmarks?|jobs?|applications?|invoices?|products?|plants?|wines?|records?|vinyl|games?|quotes?|ideas?|reviews?|listings?|properties|cars?|inventory|snippets?|passwords?|students?|grades?|patients?|tickets?|issues?|bugs?|leads?|deals?)$/;

const FUNCTION_WORD =
  /^(?:for|with|to|that|which|where|who|in|on|at|of|and|or|but|so|by|from|about|as|when|while|because|if|between|among|into|across|after|before|without|within|per|via|like|than|each|every|how|what|then|until|till|through|under|over|my|our|your|their|his|her|a|an|the|this|these|those|i|we|you|me|us|it|is|are|can|could|will|would|should|want|need|lets|let|plus|also|then|using|please|me)$/;

interface Head {
  type: "site" | "generic" | "logic" | "data";
  start: number;
  end: number;
  need?: ModelNeed;
}

/** How a description reads: a data app, a content site (and its kind), or logic that needs a model. */
export function classifyRequest(text: string): RequestKind {
  // What is asked for is said early; the rest of a very long message only costs time.
  const lower = ` ${text
    .slice(0, MAX_DESCRIPTION)
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    // A name in quotes is a name ("a landing page for 'Timer Pro'"), not what is asked for.
    .replace(
      /(^|[\s(:,-])(["'])[^"'\n]{1,60}?\2(?=$|[\s,.;:!?)-])/g,
      (m, pre: string) => `${pre}${" ".repeat(m.length - pre.length)}`,
    )
    .replace(/\s+/g, " ")} `;

  // 1. Asking to keep things is a data app, whatever else it is.
  if (COLLECTS.test(lower) || KEEPING_STRONG.some((re) => re.test(lower))) return { kind: "data" };
  const weakKeeping = KEEPING_WEAK.some((re) => re.test(lower));
  // Fields, unless what is listed is a page's sections ("with our menu, opening hours and address").
  const fieldList = FIELD_LIST.some((re) => {
    const listed = re.exec(lower);
    return listed !== null && !SECTION_ONLY.test(listed[0]);
  });

  // 2. The head of what is asked for. Words after "for my …" say whose it is; words in
  // parentheses are examples or options ("source (website, referral, event)").
  const subjects = subjectSpans(lower);
  const asides = [...lower.matchAll(/\([^)]*\)/g)].map((m): [number, number] => [m.index, m.index + m[0].length]);
  const skipped = (at: number) => [...subjects, ...asides].some(([s, e]) => at >= s && at < e);
  const heads: Head[] = [];
  const add = (type: Head["type"], re: RegExp, need?: ModelNeed) => {
    for (const m of lower.matchAll(new RegExp(re.source, "g"))) {
      if (skipped(m.index)) continue;
      heads.push({ type, start: m.index, end: m.index + m[0].length, ...(need ? { need } : {}) });
    }
  };
  add("site", SITE_SPECIFIC);
  add("generic", SITE_GENERIC);
  for (const { need, match } of LOGIC) add("logic", match, need);
  add("data", DATA_HEAD);
  heads.sort((a, b) => a.start - b.start || b.end - a.end);
  // Overlaps ("landing page" and "page"): the longer, earlier one.
  const distinct = heads.filter((h, i) => !heads.some((o, j) => j < i && o.start <= h.start && o.end >= h.end));
  // In a compound the last noun is the head: "board game collection", "budget calculator",
  // "chess club", "quiz night scoring". Container words ("website", "app") do not take the head
  // from what they contain: "a calculator website" is a calculator.
  const realHeads = distinct.filter((h, i) => {
    const next = distinct.slice(i + 1).find((o) => o.start >= h.end);
    const between = next ? lower.slice(h.end, next.start) : "";
    if (next && compound(between)) return next.type === "generic" && between.trim() === "";
    return !modifiesNextNoun(lower.slice(h.end));
  });
  const first = realHeads[0];
  const site = realHeads.find((h) => h.type === "site");
  const logic = realHeads.find((h) => h.type === "logic");
  const data = realHeads.find((h) => h.type === "data");

  const modelAsk = (need: ModelNeed): RequestKind => ({ kind: "model", need, what: WHAT[need] });
  const siteAsk = (): RequestKind => (weakKeeping ? { kind: "data" } : { kind: "site", site: siteKindOf(lower) });
  if (first?.type === "site") return siteAsk();
  // "a quiz app where I keep…" was data above; "members with name, rating and phone; games…" lists fields.
  if (first?.type === "logic") return fieldList ? { kind: "data" } : modelAsk(first.need!);
  if (first?.type === "data") return { kind: "data" };
  if (first?.type === "generic") {
    // "a recipe website": a collection of recipes is kept, not written once.
    const before = lower.slice(0, first.start).trim().split(" ").slice(-1)[0] ?? "";
    if (COLLECTION_NOUN.test(before)) return { kind: "data" };
    // "a website with a tip calculator": the calculator is the point, unless the site is someone's.
    if (logic && subjects.length === 0 && !site) return fieldList ? { kind: "data" } : modelAsk(logic.need!);
    if (site) return siteAsk();
    // "a page that randomly picks a restaurant": what it does is the point.
    const does = BEHAVIOUR.find((b) => b.match.test(lower));
    if (does && subjects.length === 0) return modelAsk(does.need);
    // "a website listing my vinyl records with artist, year and condition": a collection, shown.
    if (fieldList && subjects.length === 0) return { kind: "data" };
    if (data && data.start > first.start && subjects.length === 0) return { kind: "data" };
    return siteAsk();
  }
  // 3. No head: fields are a data app; behaviour is logic; contact details and opening hours are a
  // business's page; anything else is the data planner's to read.
  if (fieldList) return { kind: "data" };
  const behaviour = BEHAVIOUR.find((b) => b.match.test(lower));
  if (behaviour) return modelAsk(behaviour.need);
  if (/\b(?:call|phone|ring|tel)\b[^.]*(?:\d[\s-]?){7,}|\bopen(?:ing hours)?\s+\d|[\w.+-]+@[\w-]+\.\w/.test(lower))
    return siteAsk();
  return { kind: "data" };
}

/** "chess club", "quiz night": a head word followed by a plain noun describes that noun. */
function modifiesNextNoun(after: string): boolean {
  const word = /^\s+([a-z][a-z'-]*)/.exec(after)?.[1];
  if (!word) return false;
  // "a timer counting down", "a portfolio showing weddings", "a quiz quickly": not nouns.
  if (FUNCTION_WORD.test(word) || CONTAINER.test(word) || NOT_A_NOUN.test(word) || /(?:ing|ed|ly)$/.test(word))
    return false;
  return true;
}

/** Whether the words between two heads make them one compound ("board ___ game"): only plain words. */
function compound(between: string): boolean {
  const words = between.trim().split(/\s+/).filter(Boolean);
  if (/[,.;:!?()—–]/.test(between)) return false;
  return words.length <= 2 && words.every((w) => /^[a-z0-9'-]+$/.test(w) && !FUNCTION_WORD.test(w));
}

/** "for my habit tracker app", "about our bakery": whose it is, not what it is. */
function subjectSpans(lower: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of lower.matchAll(
    /\b(?:for|about)\s+(?:my|our|his|her|their|a|an|the)\s+((?:[a-z0-9'&-]+\s+){0,4}?)(?=(?:in|at|on|with|called|named|that|which|where|who|near|based|to|and|or|from|by|since|open)\b|[,.;:!?]|$)/g,
  )) {
    spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

// ─── The reply ───────────────────────────────────────────────────────────────────────────────

/** What the model-free way can offer instead, for each kind of logic. */
const INSTEAD: Record<ModelNeed, string> = {
  timer: "“log my focus sessions: date, minutes and what I worked on”",
  calculator: "“track restaurant bills: date, place, amount and tip”",
  converter: "“keep a list of recipes with their ingredients and quantities”",
  game: "“keep a collection of board games: title, min and max players, and who borrowed it”",
  quiz: "“a quiz app where I keep questions, their answers and a category”",
  generator: "“keep a list of ideas with a category and whether I have used them”",
  reminder: "“my plants: name, how often to water in days and when I last watered”",
  tool: "“keep notes with a title, a date and tags”",
};

const WHY: Record<ModelNeed, string> = {
  timer: "counting down, alarms and starting again are code written for it",
  calculator: "its sums are code written for it",
  converter: "its conversions are code written for it",
  game: "its rules and moves are code written for it",
  quiz: "asking, checking answers and scoring are code written for it",
  generator: "what it picks or makes is code written for it",
  reminder: "sending them on time is code that runs on its own",
  tool: "how it works is code written for it",
};

export function needsModelReply(need: ModelNeed, what: string = WHAT[need]): string {
  return [
    `Kiln cannot build ${what} without an AI model: ${WHY[need]}, and no model is connected. Connect one in Settings and ask again, and Kiln will write it.`,
    `Without a model, Kiln builds two kinds of app from your words:`,
    `- **data apps** that keep things, for example ${INSTEAD[need]};`,
    `- **content sites** without login, such as a landing page, a portfolio, a link page or a menu, for example “a landing page for my bakery ‘Crumb & Co’ in Leeds, open 8–4, call 0113 496 0000”.`,
  ].join("\n");
}
