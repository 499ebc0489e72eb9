/**
 * What the planner knows about common small apps, used only to fill in what a person left open:
 * the usual fields of a row they named without fields ("bookmarks"), the choices of a status they
 * named without options (a book's status is to read, reading or read), the rows an app word
 * implies when nothing else is named ("a CRM"), and the links between such rows.
 * None of it renames or replaces what a person wrote.
 */
import type { ColumnKind } from "./types";

/**
 * The kinds the planner emits: the plan's column kinds and "phone". A plan schema without "phone"
 * reads it as plain text (normalizePlan infers a kind for names it does not know).
 */
export type PlannedKind = ColumnKind | "phone";

/** The description in lower case: what the app is about, for defaults that depend on it. */
export type Domain = string;

export interface TemplateField {
  name: string;
  kind: PlannedKind;
  required?: boolean;
  options?: string[];
  label?: string;
  min?: number;
  max?: number;
}

export interface Template {
  /** The table name when an app word brings it in ("a CRM" → companies). */
  table: string;
  /** Singular nouns that name such rows: the person's noun stays the table's name. */
  nouns: RegExp;
  fields: TemplateField[];
  displayColumn?: string;
  label?: string;
  /** Links to rows of other templates, when the plan has those too. */
  relations?: Array<{ to: string; column: string; required: boolean }>;
  /** Rows that come along when this is all the person named (a habit tracker logs check-ins). */
  companions?: string[];
  /** The app's title when this is the main table and the description gives none. */
  title?: string;
}

const f = (name: string, kind: PlannedKind, extra: Omit<TemplateField, "name" | "kind"> = {}): TemplateField => ({
  name,
  kind,
  ...extra,
});
const NOTES = f("notes", "longtext");

export const TEMPLATES: Template[] = [
  {
    table: "todos",
    nouns: /^(?:todo|to_do|task|chore|checklist_item|errand|action_item)$/,
    fields: [f("title", "text", { required: true }), f("done", "boolean"), NOTES],
    title: "Todos",
  },
  {
    table: "notes",
    nouns: /^note$/,
    fields: [f("title", "text", { required: true }), f("body", "longtext")],
    title: "Notes",
  },
  {
    table: "companies",
    nouns: /^(?:company|organi[sz]ation|business|firm|account)$/,
    fields: [f("name", "text", { required: true }), f("industry", "text"), f("website", "url"), NOTES],
  },
  {
    table: "contacts",
    nouns: /^contact$/,
    fields: [f("name", "text", { required: true }), f("email", "email"), f("phone", "phone"), NOTES],
    relations: [{ to: "companies", column: "company_id", required: false }],
    title: "Contacts",
  },
  {
    table: "deals",
    nouns: /^(?:deal|opportunity)$/,
    fields: [
      f("title", "text", { required: true }),
      f("amount", "money", { required: true }),
      f("stage", "enum", { required: true }),
      f("close_date", "date"),
      NOTES,
    ],
    relations: [{ to: "companies", column: "company_id", required: true }],
  },
  {
    table: "leads",
    nouns: /^(?:lead|prospect)$/,
    fields: [
      f("name", "text", { required: true }),
      f("email", "email"),
      f("phone", "phone"),
      f("status", "enum", { required: true }),
      NOTES,
    ],
  },
  {
    table: "products",
    nouns: /^(?:product|stock_item|item_in_stock)$/,
    fields: [
      f("name", "text", { required: true }),
      f("sku", "text", { label: "SKU" }),
      f("stock", "integer", { required: true, label: "In stock", min: 0 }),
      f("reorder_level", "integer", { label: "Reorder at", min: 0 }),
      f("price", "money"),
      NOTES,
    ],
    relations: [{ to: "suppliers", column: "supplier_id", required: false }],
    title: "Inventory",
  },
  {
    table: "suppliers",
    nouns: /^(?:supplier|vendor)$/,
    fields: [
      f("name", "text", { required: true }),
      f("email", "email"),
      f("phone", "phone"),
      f("website", "url"),
      NOTES,
    ],
  },
  {
    table: "habits",
    nouns: /^habit$/,
    fields: [
      f("name", "text", { required: true }),
      f("frequency", "enum", { required: true }),
      f("target", "integer", { label: "Times per period", min: 1 }),
      NOTES,
    ],
    companions: ["check_ins"],
    title: "Habit Tracker",
  },
  {
    table: "check_ins",
    nouns: /^check_in$/,
    fields: [f("done_on", "date", { required: true, label: "Date" }), f("note", "text")],
    displayColumn: "done_on",
    label: "Check-ins",
    relations: [{ to: "habits", column: "habit_id", required: true }],
  },
  {
    table: "recipes",
    nouns: /^recipe$/,
    fields: [
      f("title", "text", { required: true }),
      f("category", "enum"),
      f("servings", "integer", { min: 1 }),
      f("prep_minutes", "integer", { label: "Prep time (minutes)", min: 0 }),
      f("ingredients", "longtext"),
      f("instructions", "longtext"),
    ],
    title: "Recipe Book",
  },
  {
    table: "expenses",
    nouns: /^(?:expense|purchase|spending)$/,
    fields: [
      f("description", "text", { required: true }),
      f("amount", "money", { required: true }),
      f("category", "enum", { required: true }),
      f("spent_on", "date", { required: true, label: "Date" }),
      NOTES,
    ],
    title: "Expense Tracker",
  },
  {
    table: "transactions",
    nouns: /^transaction$/,
    fields: [
      f("description", "text", { required: true }),
      f("amount", "money", { required: true }),
      f("type", "enum", { required: true, options: ["income", "expense"] }),
      f("category", "text"),
      f("date", "date", { required: true }),
    ],
  },
  {
    table: "bookmarks",
    nouns: /^(?:bookmark|saved_link)$/,
    fields: [
      f("title", "text", { required: true }),
      f("url", "url", { required: true, label: "URL" }),
      f("tags", "tags"),
      NOTES,
    ],
    title: "Bookmarks",
  },
  {
    table: "events",
    nouns: /^(?:event|party|meetup|gathering|wedding|conference|concert|show|gig)$/,
    fields: [
      f("title", "text", { required: true }),
      f("starts_at", "datetime", { required: true, label: "Starts" }),
      f("location", "text"),
      f("description", "longtext"),
    ],
  },
  {
    table: "rsvps",
    nouns: /^(?:rsvp|guest|attendee|invitee|invitation)$/,
    fields: [
      f("name", "text", { required: true }),
      f("email", "email"),
      f("attending", "boolean"),
      f("party_size", "integer", { label: "Party size", min: 1 }),
      NOTES,
    ],
    label: "RSVPs",
    relations: [{ to: "events", column: "event_id", required: true }],
    title: "Event RSVPs",
  },
  {
    table: "posts",
    nouns: /^(?:post|article|blog_post)$/,
    fields: [
      f("title", "text", { required: true }),
      f("body", "longtext", { required: true }),
      f("published", "boolean"),
    ],
    title: "Blog",
  },
  {
    table: "comments",
    nouns: /^comment$/,
    fields: [f("author", "text", { required: true }), f("body", "longtext", { required: true })],
    displayColumn: "author",
    relations: [{ to: "posts", column: "post_id", required: true }],
  },
  {
    table: "books",
    nouns: /^(?:book|novel)$/,
    fields: [
      f("title", "text", { required: true }),
      f("author", "text"),
      f("status", "enum", { required: true }),
      f("rating", "integer", { min: 1, max: 5 }),
      NOTES,
    ],
    title: "Reading List",
  },
  {
    table: "movies",
    nouns: /^(?:movie|film)$/,
    fields: [
      f("title", "text", { required: true }),
      f("year", "integer"),
      f("watched", "boolean"),
      f("rating", "integer", { min: 1, max: 5 }),
      NOTES,
    ],
    title: "Watchlist",
  },
  {
    table: "workouts",
    nouns: /^(?:workout|training_session|exercise_session)$/,
    fields: [
      f("title", "text", { required: true }),
      f("done_on", "date", { required: true, label: "Date" }),
      f("minutes", "integer", { label: "Duration (minutes)", min: 0 }),
      NOTES,
    ],
    title: "Workout Log",
  },
  {
    table: "entries",
    nouns: /^(?:entry|journal_entry|diary_entry)$/,
    fields: [
      f("title", "text", { required: true }),
      f("written_on", "date", { required: true, label: "Date" }),
      f("body", "longtext"),
    ],
    label: "Journal entries",
    title: "Journal",
  },
  {
    table: "projects",
    nouns: /^project$/,
    fields: [
      f("name", "text", { required: true }),
      f("status", "enum", { required: true }),
      f("due_date", "date"),
      f("description", "longtext"),
    ],
  },
  {
    table: "clients",
    nouns: /^(?:client|customer)$/,
    fields: [f("name", "text", { required: true }), f("email", "email"), f("phone", "phone"), NOTES],
  },
  {
    table: "invoices",
    nouns: /^invoice$/,
    fields: [
      f("number", "text", { required: true, label: "Invoice number" }),
      f("amount", "money", { required: true }),
      f("status", "enum", { required: true }),
      f("due_date", "date"),
      NOTES,
    ],
    relations: [{ to: "clients", column: "client_id", required: false }],
  },
  {
    table: "tickets",
    nouns: /^(?:ticket|issue|bug|support_request)$/,
    fields: [
      f("title", "text", { required: true }),
      f("status", "enum", { required: true }),
      f("priority", "enum", { required: true }),
      f("description", "longtext"),
    ],
  },
  {
    table: "goals",
    nouns: /^goal$/,
    fields: [f("title", "text", { required: true }), f("target_date", "date"), f("achieved", "boolean"), NOTES],
  },
  {
    table: "employees",
    nouns: /^(?:employee|staff_member|team_member|staff)$/,
    fields: [
      f("name", "text", { required: true }),
      f("email", "email"),
      f("role", "text"),
      f("start_date", "date"),
      NOTES,
    ],
  },
  {
    table: "appointments",
    nouns: /^(?:appointment|booking|meeting|reservation)$/,
    fields: [
      f("title", "text", { required: true }),
      f("starts_at", "datetime", { required: true, label: "Starts" }),
      f("location", "text"),
      NOTES,
    ],
  },
  {
    table: "orders",
    nouns: /^order$/,
    fields: [
      f("reference", "text", { required: true, label: "Order number" }),
      f("total", "money", { required: true }),
      f("status", "enum", { required: true }),
      f("ordered_on", "date", { label: "Date" }),
      NOTES,
    ],
    relations: [{ to: "clients", column: "client_id", required: false }],
  },
  {
    table: "candidates",
    nouns: /^(?:candidate|applicant)$/,
    fields: [
      f("name", "text", { required: true }),
      f("email", "email"),
      f("phone", "phone"),
      f("position", "text"),
      f("stage", "enum", { required: true }),
      NOTES,
    ],
  },
  {
    table: "applications",
    nouns: /^(?:application|job_application)$/,
    fields: [
      f("company", "text", { required: true }),
      f("role", "text"),
      f("status", "enum", { required: true }),
      f("applied_on", "date"),
      f("url", "url", { label: "Job posting" }),
      NOTES,
    ],
    displayColumn: "company",
  },
  {
    table: "items",
    nouns: /^(?:shopping_item|grocery|grocery_item)$/,
    fields: [f("name", "text", { required: true }), f("quantity", "integer", { min: 0 }), f("bought", "boolean")],
    title: "Shopping List",
  },
  {
    table: "plants",
    nouns: /^plant$/,
    fields: [
      f("name", "text", { required: true }),
      f("species", "text"),
      f("location", "text"),
      f("last_watered", "date"),
      NOTES,
    ],
  },
  {
    table: "pets",
    nouns: /^(?:pet|dog|cat)$/,
    fields: [f("name", "text", { required: true }), f("species", "text"), f("birthday", "date"), NOTES],
  },
  {
    table: "students",
    nouns: /^(?:student|pupil)$/,
    fields: [f("name", "text", { required: true }), f("email", "email"), NOTES],
  },
  {
    table: "courses",
    nouns: /^(?:course|class|subject)$/,
    fields: [f("name", "text", { required: true }), f("description", "longtext")],
  },
  {
    table: "vehicles",
    nouns: /^(?:vehicle|car|bike|motorbike)$/,
    fields: [f("name", "text", { required: true }), f("make", "text"), f("model", "text"), f("year", "integer"), NOTES],
  },
  {
    table: "messages",
    nouns: /^(?:message|guestbook_entry|guestbook_message|signature)$/,
    fields: [f("name", "text", { required: true }), f("message", "longtext", { required: true })],
    title: "Guestbook",
  },
  {
    table: "subscriptions",
    nouns: /^subscription$/,
    fields: [
      f("name", "text", { required: true }),
      f("price", "money", { required: true }),
      f("billing_cycle", "enum", { options: ["monthly", "yearly"] }),
      f("next_payment", "date"),
      NOTES,
    ],
  },
];

/** App words that imply rows when the person names none of their own. */
export const APP_WORDS: Array<{ re: RegExp; tables: string[]; title: string }> = [
  {
    re: /\bcrm\b|\bsales pipeline\b|\bcustomer relationship/,
    tables: ["companies", "contacts", "deals"],
    title: "CRM",
  },
  { re: /\b(?:recruit(?:ing|ment)|hiring|applicant tracking)\b/, tables: ["candidates"], title: "Recruiting Pipeline" },
  { re: /\bjob (?:hunt|search|applications?)\b/, tables: ["applications"], title: "Job Hunt" },
  { re: /\bblog\b/, tables: ["posts"], title: "Blog" },
  { re: /\bguest ?book\b/, tables: ["messages"], title: "Guestbook" },
  { re: /\binventory\b|\bstock (?:list|tracker|management|control)\b/, tables: ["products"], title: "Inventory" },
  {
    re: /\breading list\b|\bbook (?:tracker|log|list|collection)\b|\blibrary\b|\bbookshelf\b/,
    tables: ["books"],
    title: "Reading List",
  },
  { re: /\bwatch ?list\b/, tables: ["movies"], title: "Watchlist" },
  { re: /\bjournal\b|\bdiary\b/, tables: ["entries"], title: "Journal" },
  { re: /\baddress book\b|\bcontact list\b/, tables: ["contacts"], title: "Address Book" },
  { re: /\b(?:shopping|grocery) list\b|\bgroceries\b/, tables: ["items"], title: "Shopping List" },
  { re: /\bworkout|\bfitness\b|\bgym\b|\btraining log\b/, tables: ["workouts"], title: "Workout Log" },
  { re: /\bbudget(?:ing)?\b|\bspending\b|\bfinances?\b/, tables: ["expenses"], title: "Budget" },
  { re: /\bhabit/, tables: ["habits"], title: "Habit Tracker" },
  { re: /\bto-?do\b|\btask (?:list|manager)\b|\bchecklist\b/, tables: ["todos"], title: "Todo List" },
  { re: /\brecipe|\bcook ?book\b/, tables: ["recipes"], title: "Recipe Book" },
  { re: /\bbookmark/, tables: ["bookmarks"], title: "Bookmarks" },
  { re: /\bnote(?:s|-taking| taking)?\b|\bnotebook\b/, tables: ["notes"], title: "Notes" },
];

export function templateByTable(table: string): Template | undefined {
  return TEMPLATES.find((t) => t.table === table);
}

/** The template for a singular noun ("task" → the todo template), if one fits. */
export function templateForNoun(singular: string): Template | undefined {
  return TEMPLATES.find((t) => t.nouns.test(singular)) ?? TEMPLATES.find((t) => t.table === singular);
}

// ─── Choices without options ─────────────────────────────────────────────────────────────────

const STATUS: Array<[RegExp, string[]]> = [
  [/\brsvp|\binvit|\bguest|\battendee/, ["pending", "yes", "no", "maybe"]],
  [/\b(?:book|novel|reading|read)\b/, ["to_read", "reading", "read"]],
  [/\b(?:movie|film|show|series|anime|episode|watch)/, ["to_watch", "watching", "watched"]],
  [/\b(?:video ?game|game)s?\b/, ["backlog", "playing", "finished"]],
  [/\b(?:ticket|issue|bug|support|request|repair|maintenance|complaint)/, ["open", "in_progress", "closed"]],
  [/\b(?:order|deliver|shipment|package|parcel)/, ["new", "paid", "shipped", "delivered", "cancelled"]],
  [/\b(?:invoice|bill)/, ["draft", "sent", "paid", "overdue"]],
  [/\bpayment/, ["pending", "paid", "overdue"]],
  [/\b(?:candidate|applicant|recruit|hiring)/, ["applied", "screening", "interview", "offer", "hired", "rejected"]],
  [/\b(?:job|application)/, ["applied", "interviewing", "offer", "rejected"]],
  [/\b(?:lead|deal|prospect|opportunit|sales)/, ["new", "contacted", "qualified", "won", "lost"]],
  [/\b(?:appointment|booking|reservation|session|lesson|meeting)/, ["booked", "confirmed", "completed", "cancelled"]],
  [/\b(?:plant|seed|crop|garden)/, ["planted", "growing", "harvested"]],
  [/\b(?:subscription|membership|member)/, ["active", "paused", "cancelled"]],
  [/\b(?:project|goal|campaign|plan)/, ["planned", "active", "on_hold", "done"]],
  [/\b(?:task|todo|to_do|chore|errand|card|story|assignment|homework)/, ["todo", "in_progress", "done"]],
  [/\b(?:client|customer|contact|employee|student|patient|volunteer|tenant|person|people)/, ["active", "inactive"]],
  [/\b(?:loan|borrow|lend|lent)/, ["available", "lent_out", "returned"]],
  [/\b(?:idea|draft|post|article|content)/, ["idea", "draft", "published"]],
];
const STAGE: Array<[RegExp, string[]]> = [
  [/\b(?:candidate|applicant|recruit|hiring)/, ["applied", "screening", "interview", "offer", "hired", "rejected"]],
  [/\b(?:lead|deal|prospect|opportunit|sales|crm)/, ["lead", "qualified", "proposal", "negotiation", "won", "lost"]],
  [/\b(?:plant|seed|crop|garden)/, ["seedling", "growing", "flowering", "harvested"]],
];
const NAMED: Record<string, string[]> = {
  priority: ["low", "medium", "high"],
  difficulty: ["easy", "medium", "hard"],
  frequency: ["daily", "weekly", "monthly"],
  size: ["small", "medium", "large"],
  condition: ["new", "good", "fair", "poor"],
  level: ["beginner", "intermediate", "advanced"],
  skill_level: ["beginner", "intermediate", "advanced"],
  mood: ["great", "good", "okay", "bad", "awful"],
  rsvp: ["pending", "yes", "no", "maybe"],
  response: ["yes", "no", "maybe"],
  meal: ["breakfast", "lunch", "dinner", "snack"],
  meal_type: ["breakfast", "lunch", "dinner", "snack"],
  payment_method: ["cash", "card", "bank_transfer", "other"],
  billing_cycle: ["monthly", "yearly"],
  day_of_week: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
  weekday: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
};
const CATEGORY: Array<[RegExp, string[]]> = [
  [
    /\b(?:expense|spend|budget|purchase|transaction)/,
    ["food", "transport", "housing", "utilities", "entertainment", "health", "shopping", "other"],
  ],
  [/\b(?:recipe|meal|dish|cook)/, ["breakfast", "lunch", "dinner", "dessert", "snack", "drink"]],
  [/\b(?:product|inventory|stock)/, ["general", "electronics", "office", "food", "clothing", "other"]],
  [/\b(?:todo|to_do|task|chore)/, ["personal", "work", "errands", "home"]],
];

/**
 * Options for a choice the person named without giving them: "status" of a book, "priority".
 * Null when no choice fits (the field is then plain text).
 */
export function defaultOptions(field: string, entity?: string, domain?: Domain): string[] | null {
  const context = `${entity ?? ""} ${domain ?? ""}`;
  const byContext = (list: Array<[RegExp, string[]]>) => {
    // The row's own noun decides first ("books" in a library app), then the whole description.
    if (entity) for (const [re, options] of list) if (re.test(entity.replace(/_/g, " "))) return options;
    for (const [re, options] of list) if (re.test(context)) return options;
    return null;
  };
  const last = field.split("_").pop()!;
  if (/^rsvp/.test(field) || (last === "status" && /rsvp/.test(field))) return NAMED.rsvp!;
  if (NAMED[field]) return NAMED[field]!;
  if (last === "status" || last === "state") return byContext(STATUS) ?? ["new", "in_progress", "done"];
  if (last === "stage") return byContext(STAGE) ?? byContext(STATUS) ?? ["new", "in_progress", "done"];
  if (field === "category" || field === "categories") return byContext(CATEGORY);
  if (NAMED[last] && last !== "level") return NAMED[last]!;
  return null;
}

// ─── Nouns ───────────────────────────────────────────────────────────────────────────────────

/** Nouns that name an app, not what it keeps: "a booking system", "an app". */
export const APP_NOUNS =
  /^(?:app|apps|application|system|tool|tracker|tracking|list|log|logger|manager|management|database|db|site|website|web ?app|page|platform|dashboard|portal|crm|organi[sz]er|planner|catalog|catalogue|register|directory|journal|diary|book|keeper|hub|program|software|spreadsheet|sheet|service|board|overview|schedule|calendar|inventory|collection|library|archive|pipeline|index|backlog|wishlist|watchlist|calendar|rota|stock|timetable)$/;
/** Nouns before "of" that hold the real thing: "a collection of board games", "a list of plants". */
export const CONTAINER_NOUNS =
  /^(?:list|lists|board|wall|backlog|wishlist|wish list|queue|collection|collections|log|logs|record|records|set|sets|bunch|lot|lots|database|catalog|catalogue|library|archive|register|directory|inventory|overview|history|tracker|journal|diary|record-keeping|spreadsheet|roster|kinds?|types?|sorts?|all|number|variety|group|selection|stack|pile|series|index|schedule|calendar|registry|queue|backlog|map)$/;
/** Nouns for people: a "who …" field points at them when the app keeps them. */
export const PEOPLE_NOUNS =
  /^(?:person|people|friend|member|team_member|staff|staff_member|employee|user|borrower|student|pupil|teacher|player|volunteer|contact|client|customer|guest|attendee|kid|child|family_member|colleague|coworker|neighbo(?:u)?r|tenant|patient|owner|participant|coach|instructor|trainer|athlete|worker|assignee|author|reader|parent|buyer|seller|resident|roommate|flatmate|housemate|helper|artist|musician|actor|speaker|candidate|applicant|lead|agent|driver|walker|sitter|caregiver|nanny|doctor|vet|mentor|mentee|manager|landlord)$/;

/** Nouns that never name rows: "an app", "something", "the design", "a reminder". */
export const NON_ENTITY =
  /^(?:stuff|something|anything|everything|nothing|way|app|idea|time|lot|bit|kind|sort|type|place|part|use|help|info|information|data|detail|one|everyone|everybody|someone|somebody|anyone|anybody|user|me|i|you|we|it|they|them|nice|easy|simple|screen|view|button|form|feature|option|field|column|table|section|login|password|sign_in|dark_mode|mode|color|colour|theme|design|layout|interface|ui|browser|version|dashboard|overview|summary|report|chart|graph|search|filter|sort|export|import|notification|reminder|email|calendar_view|week|day|month|year|today|tomorrow|future|past|history|start|end|beginning)$/;
/** Who or where the app is for ("my hair salon", "our team"), or too vague alone: things only in the plural. */
export const CONTEXT_NOUN =
  /^(?:mobile|phone|desktop|laptop|computer|thing|page|item|entry|record|list|account|friend|family|wife|husband|partner|boyfriend|girlfriend|mom|dad|mum|kid_s|business|shop|store|company|team|club|school|office|salon|studio|clinic|restaurant|cafe|bakery|gym|church|class|group|household|home|house|apartment|flat|garden|farm|agency|practice|firm|startup|organization|organisation|side_project|hobby|job|work|life)$/;
