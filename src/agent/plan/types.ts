/**
 * The normalised plan's shapes (see schema.ts for the input shape, parsing and normalising).
 * No runtime imports: the builder UI shares these types.
 */

/**
 * What a column holds. Everything a kind decides (its SQL, the API's validation, the form control,
 * the list's display, the smoke run's values, the plan editor's label) is its entry in kinds.ts.
 */
export const COLUMN_KINDS = [
  "text", //      a short line of text
  "longtext", //  notes, descriptions: a textarea
  "integer", //   whole numbers (quantities, counts)
  "number", //    decimals
  "money", //     an amount of money (REAL, 2 decimals)
  "boolean", //   yes/no, stored 0/1
  "date", //      YYYY-MM-DD
  "datetime", //  YYYY-MM-DDTHH:MM (local time, as <input type="datetime-local"> gives it)
  "email",
  "url",
  "phone", //     a phone number as written ("+1 (555) 123-4567 ext. 8"): text, <input type="tel">
  "enum", //      one of `options`
  "tags", //      comma-separated labels
  "reference", // the id of a row of `references` (the same user's)
] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export interface PlanColumn {
  /** snake_case SQL identifier. */
  name: string;
  /** The SQL after the name in CREATE TABLE, e.g. "TEXT NOT NULL", "REAL NOT NULL DEFAULT 0". */
  type: string;
  kind: ColumnKind;
  /** Form label, e.g. "Due date". */
  label: string;
  /** The API answers 400 when it is missing (booleans are always required: unchecked is 0). */
  required: boolean;
  /** `enum` only: the allowed values (lower-case identifiers such as "in_progress"). */
  options?: string[];
  /** `reference` only: the table whose `id` this holds. */
  references?: string;
  /**
   * integer, number and money only: the smallest and largest value the API accepts (400 naming the
   * field otherwise) and the form's input allows, e.g. a rating from 1 to 5. min ≤ max.
   */
  min?: number;
  max?: number;
  /** id, user_id, created_at, updated_at: added and maintained by the scaffold, not a form field. */
  system?: true;
}

export interface PlanTable {
  /** snake_case SQL table name, usually plural: "companies", "check_ins". */
  name: string;
  /** Plural label: "Companies". */
  label: string;
  /** snake_case singular: "company", "check_in". */
  singular: string;
  /** The column that names a row in lists, selects and "Delete …?" questions. */
  displayColumn: string;
  /** System columns first (id, user_id), then the fields, then created_at and updated_at. */
  columns: PlanColumn[];
}

export interface PlanPage {
  name: string;
  route: string;
}

export interface Plan {
  /** slug, e.g. "task-manager" (package and Worker names). */
  appName: string;
  /** Shown in the app's top bar and <title>, e.g. "Task Manager". */
  title: string;
  /** What the person asked for, when known. */
  description?: string;
  pages: PlanPage[];
  dataModel: { tables: PlanTable[] };
  features: string[];
  /** Every row belongs to a signed-in user (`user_id`), and every page needs sign-in. */
  needsAuth: boolean;
  needsFileStorage: boolean;
  /** The main colour (buttons, active navigation) as "#rrggbb"; absent: the template's zinc. */
  theme?: { primary: string };
  /**
   * A content site (a landing page, a portfolio, a link page, a menu…) rather than a data app: its
   * words and sections. A site plan has no tables and no login.
   */
  site?: PlanSite;
}

// ─── Content sites ───────────────────────────────────────────────────────────────────────────

/** What kind of site it is, which decides its default sections. */
export const SITE_KINDS = [
  "business", //  a shop, café, salon, trade: what it offers, opening hours, contact
  "landing", //   a product, an app, a launch: what it is, what it does
  "portfolio", // someone's work
  "links", //     a link page ("link in bio")
  "menu", //      a restaurant's or café's menu
  "event", //     a wedding, a party, a meetup: when, where
  "personal", //  about me, a CV
] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** What each kind is called in a sentence: "a business site", "a link page". */
export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  business: "business site",
  landing: "landing page",
  portfolio: "portfolio",
  links: "link page",
  menu: "menu",
  event: "event page",
  personal: "personal page",
};

/** How a section shows what it holds. */
export const SECTION_LAYOUTS = [
  "text", //    paragraphs
  "cards", //   a grid of items (services, projects, features)
  "list", //    rows with a price on the right (a menu, a price list)
  "links", //   one big button per item (a link page)
  "details", // name and value pairs (When, Where)
  "hours", //   the opening hours of `contact.hours`
  "contact", // phone, email, address and links of `contact`
] as const;
export type SectionLayout = (typeof SECTION_LAYOUTS)[number];

export interface SiteItem {
  /** A dish, a service, a project, a link's label, a detail's name ("When"). */
  title: string;
  text?: string;
  /** As the person wrote it: "£2.50", "from $40". */
  price?: string;
  /** An http(s), mailto: or tel: address. */
  url?: string;
}

export interface SiteSection {
  /** The section's anchor (#menu): lower-case letters, digits and dashes, unique in the site. */
  id: string;
  layout: SectionLayout;
  heading: string;
  /** Paragraphs, separated by blank lines. */
  text?: string;
  items?: SiteItem[];
  /**
   * What the person should add here ("Add your opening hours"), shown marked as a placeholder
   * while the section has nothing of its own: Kiln never makes up a business's facts.
   */
  placeholder?: string;
}

export interface SiteContact {
  email?: string;
  phone?: string;
  /** A street address, or the town the person named. */
  address?: string;
  /** Opening hours as the person wrote them, one line each: ["Mon–Fri 8–4", "Closed on Sundays"]. */
  hours?: string[];
  /** Social profiles and other links. */
  links?: SiteItem[];
}

export interface PlanSite {
  kind: SiteKind;
  /** The business's, person's or event's name: the header and the page's heading. */
  name: string;
  /** One line under the name: "Bakery in Leeds". */
  tagline?: string;
  /** The main button under the name ("Join the waitlist"); without a `url` it shows as a placeholder. */
  action?: SiteItem;
  sections: SiteSection[];
  contact: SiteContact;
}
