/**
 * A content site's part of the plan (`plan.site`): its input shape, as a model or the offline site
 * planner writes it, and its normalised form. Anything a visitor's browser will follow is checked
 * here: links are http(s), mailto: or tel: only, so a plan cannot put `javascript:` on a page.
 */
import { z } from "zod";
import { SECTION_LAYOUTS, SITE_KINDS, type PlanSite, type SiteContact, type SiteItem, type SiteSection } from "./types";

const text = (max: number) => z.string().trim().max(max);

export const siteItemInputSchema = z.object({
  title: text(120).min(1),
  text: text(2000).optional(),
  price: text(40).optional(),
  url: text(2000).optional(),
});

export const siteSectionInputSchema = z.object({
  /** The anchor; made from the heading when missing. */
  id: text(48).optional(),
  layout: z.enum(SECTION_LAYOUTS),
  heading: text(80).min(1),
  text: text(5000).optional(),
  items: z.array(siteItemInputSchema).max(60).optional(),
  placeholder: text(200).optional(),
});

export const siteContactInputSchema = z.object({
  email: text(254).optional(),
  phone: text(40).optional(),
  address: text(300).optional(),
  hours: z.array(text(120).min(1)).max(14).optional(),
  links: z.array(siteItemInputSchema).max(20).optional(),
});

export const siteInputSchema = z.object({
  kind: z.enum(SITE_KINDS),
  name: text(80).min(1),
  tagline: text(200).optional(),
  action: siteItemInputSchema.optional(),
  sections: z.array(siteSectionInputSchema).max(20).default([]),
  contact: siteContactInputSchema.default({}),
});

export type SiteInput = z.input<typeof siteInputSchema>;

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
/** Digits with the usual separators; 6 to 15 digits (E.164 allows 15). */
const PHONE = /^\+?[\d\s().-]+$/;

/** An address a link may point at, or null: http(s), mailto: and tel: only. */
export function safeSiteUrl(raw: string): string | null {
  const value = raw.trim();
  if (/^(?:mailto:[^\s@]+@[^\s@]+|tel:\+?[\d\s().-]{6,})$/i.test(value)) return value;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value.replace(/^\/\//, "")}`;
  try {
    const url = new URL(candidate);
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname.includes(".")) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function isSitePhone(value: string): boolean {
  const digits = value.replace(/\D/g, "").length;
  return PHONE.test(value) && digits >= 6 && digits <= 15;
}

/** "Opening hours" → "opening-hours". */
export function sectionId(heading: string): string {
  return (
    heading
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "section"
  );
}

type ParsedSite = z.output<typeof siteInputSchema>;
type ParsedItem = z.output<typeof siteItemInputSchema>;

/** The normalised site: empty strings gone, ids unique, links and contact details checked. */
export function normalizeSite(input: ParsedSite, warnings: string[]): PlanSite {
  const item = (raw: ParsedItem, where: string): SiteItem => {
    const out: SiteItem = { title: raw.title };
    if (raw.text) out.text = raw.text;
    if (raw.price) out.price = raw.price;
    if (raw.url) {
      const url = safeSiteUrl(raw.url);
      if (url) out.url = url;
      else
        warnings.push(
          `Left out the link of “${raw.title}” in ${where}: “${raw.url}” is not a web (http or https), mailto: or tel: address.`,
        );
    }
    return out;
  };

  const used = new Set<string>();
  const sections: SiteSection[] = input.sections.map((s) => {
    const base = sectionId(s.id || s.heading);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    const section: SiteSection = { id, layout: s.layout, heading: s.heading };
    if (s.text) section.text = s.text;
    if (s.items && s.items.length > 0) section.items = s.items.map((i) => item(i, `section “${s.heading}”`));
    if (s.placeholder) section.placeholder = s.placeholder;
    return section;
  });

  const c = input.contact;
  const contact: SiteContact = {};
  if (c.email) {
    if (EMAIL.test(c.email)) contact.email = c.email;
    else warnings.push(`Left out the email address “${c.email}”: it is not an email address.`);
  }
  if (c.phone) {
    if (isSitePhone(c.phone)) contact.phone = c.phone;
    else warnings.push(`Left out the phone number “${c.phone}”: use digits, spaces, + ( ) - only.`);
  }
  if (c.address) contact.address = c.address;
  if (c.hours && c.hours.length > 0) contact.hours = c.hours;
  if (c.links && c.links.length > 0) contact.links = c.links.map((l) => item(l, "the contact links"));

  return {
    kind: input.kind,
    name: input.name,
    ...(input.tagline ? { tagline: input.tagline } : {}),
    ...(input.action ? { action: item(input.action, "the main button") } : {}),
    sections,
    contact,
  };
}
