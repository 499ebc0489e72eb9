/**
 * Small English helpers for turning table and column names into code identifiers and labels.
 * Deterministic and dictionary-light: enough for the names a plan uses ("companies", "check_ins").
 */

const IRREGULAR: Record<string, string> = {
  person: "people",
  child: "children",
  man: "men",
  woman: "women",
  mouse: "mice",
  goose: "geese",
  foot: "feet",
  tooth: "teeth",
  leaf: "leaves",
  life: "lives",
  knife: "knives",
  wife: "wives",
  half: "halves",
  shelf: "shelves",
  criterion: "criteria",
  datum: "data",
  medium: "media",
  analysis: "analyses",
  index: "indexes",
  quiz: "quizzes",
  movie: "movies",
  cookie: "cookies",
  calorie: "calories",
  pie: "pies",
  tie: "ties",
  smoothie: "smoothies",
  hoodie: "hoodies",
  zombie: "zombies",
};
const IRREGULAR_PLURAL = Object.fromEntries(Object.entries(IRREGULAR).map(([s, p]) => [p, s]));
/** Words that are the same in both numbers. */
const INVARIANT = new Set(["series", "species", "news", "sheep", "fish", "deer", "equipment", "information", "inventory", "data", "media", "feedback", "stock", "software", "music", "money", "rice", "furniture", "luggage", "advice"]);

/** "company" → "companies", "check_in" → "check_ins" (the last word changes). */
export function pluralize(word: string): string {
  const i = word.lastIndexOf("_");
  if (i >= 0) return word.slice(0, i + 1) + pluralize(word.slice(i + 1));
  const w = word.toLowerCase();
  if (INVARIANT.has(w) || IRREGULAR_PLURAL[w]) return word;
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (/[^aeiou]y$/.test(w)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(w)) return `${word}es`;
  return `${word}s`;
}

/** "companies" → "company", "check_ins" → "check_in". */
export function singularize(word: string): string {
  const i = word.lastIndexOf("_");
  if (i >= 0) return word.slice(0, i + 1) + singularize(word.slice(i + 1));
  const w = word.toLowerCase();
  if (INVARIANT.has(w)) return word;
  if (IRREGULAR_PLURAL[w]) return IRREGULAR_PLURAL[w];
  if (IRREGULAR[w]) return word;
  if (/[^aeiou]ies$/.test(w)) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|x|z|ss|us)es$/.test(w)) return word.slice(0, -2);
  if (/(us|ss|is)$/.test(w)) return word;
  if (w.endsWith("s") && w.length > 1) return word.slice(0, -1);
  return word;
}

/** Any text → snake_case identifier words: "Due Date" → "due_date", "dueDate" → "due_date". */
export function snakeCase(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** "check_in" → "CheckIn". */
export function pascalCase(name: string): string {
  return snakeCase(name)
    .split("_")
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** "check_ins" → "checkIns". */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** "check_ins" → "check-ins" (URL paths). */
export function kebabCase(name: string): string {
  return snakeCase(name).replace(/_/g, "-");
}

/** "due_date" → "Due date"; "company_id" → "Company". */
export function humanize(name: string): string {
  const words = snakeCase(name)
    .replace(/_id$/, "")
    .split("_")
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
const ACRONYMS = new Set(["url", "crm", "id", "rsvp", "rsvps", "sku", "api", "faq", "vat", "isbn"]);

/** "Acme CRM" → "acme-crm" (app names, package names). */
export function slugify(text: string): string {
  return snakeCase(text).replace(/_/g, "-").slice(0, 48).replace(/-+$/, "") || "app";
}

/** "acme-crm" → "Acme CRM". */
export function titleFromSlug(slug: string): string {
  return snakeCase(slug)
    .split("_")
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(" ");
}

/** "an apple" / "a pear": the article for a noun phrase. */
export function article(noun: string): string {
  return /^(?:[aeio]|u(?![sn]i)|hour|rsvp)/i.test(noun) ? "an" : "a";
}
