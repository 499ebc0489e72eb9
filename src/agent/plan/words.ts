/**
 * Small English helpers for turning table and column names into code identifiers and labels.
 * Singular and plural come from the `pluralize` package (its rules and irregular words), with the
 * few corrections that names in plans need; the last word of a snake_case name is the one that
 * changes ("check_in" → "check_ins").
 */
import plural from "pluralize";

// Corrections and additions to the package's lists, once, for every caller.
for (const [one, many] of [
  ["cookie", "cookies"],
  ["calorie", "calories"],
  ["hoodie", "hoodies"],
  ["smoothie", "smoothies"],
  ["zombie", "zombies"],
  ["brownie", "brownies"],
  ["rookie", "rookies"],
  ["selfie", "selfies"],
  ["canvas", "canvases"],
  ["virus", "viruses"],
  ["rsvp", "rsvps"],
  ["todo", "todos"],
  ["to_do", "to_dos"],
  ["check_in", "check_ins"],
  ["plus_one", "plus_ones"],
  ["clothing", "clothing"],
] as const) {
  plural.addIrregularRule(one, many);
}
for (const word of [
  "inventory",
  "feedback",
  "clothes",
  "data",
  "media",
  "staff",
  "equipment",
  "information",
  "software",
  "furniture",
  "luggage",
  "advice",
  "stock",
  "sms",
  "kg",
  "km",
  "cm",
  "mm",
  "ml",
  "lbs",
  "mph",
]) {
  plural.addUncountableRule(word);
}

/** "company" → "companies", "check_in" → "check_ins" (the last word changes). */
export function pluralize(word: string): string {
  const i = word.lastIndexOf("_");
  if (i >= 0) return word.slice(0, i + 1) + pluralize(word.slice(i + 1));
  return word ? plural.plural(word) : word;
}

/** "companies" → "company", "check_ins" → "check_in". */
export function singularize(word: string): string {
  const i = word.lastIndexOf("_");
  if (i >= 0) return word.slice(0, i + 1) + singularize(word.slice(i + 1));
  return word ? plural.singular(word) : word;
}

/** Whether a word reads as a plural ("books", "people"; not "news" or "species" on their own). */
export function isPlural(word: string): boolean {
  const w = word.toLowerCase();
  return plural.isPlural(w) && plural.singular(w) !== w;
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
