/**
 * A content site on the app template (a plan with `site`): one public page of sections, no login
 * and no API of its own. The words live in src/content.ts, so a person (or a model) changes the
 * site by editing data; src/pages/HomePage.tsx lays out each section by its `layout`, in Tailwind,
 * from a phone's width up.
 */
import type { Plan, PlanSite } from "../plan/types";

/** Writes the site's files over the template's (in `files`). */
export function writeSite(plan: Plan, files: Record<string, string>, need: (path: string) => string): void {
  const site = plan.site!;
  files["src/content.ts"] = contentFile(site);
  files["src/pages/HomePage.tsx"] = homePageFile(Boolean(plan.theme));
  files["src/components/Layout.tsx"] = layoutFile(Boolean(plan.theme));
  files["src/App.tsx"] = APP_FILE;
  files["worker/index.ts"] = patchSiteWorker(need("worker/index.ts"), plan);
  if (site.tagline) {
    const meta = `<meta name="description" content="${escapeAttribute(site.tagline)}" />`;
    files["index.html"] = need("index.html")
      .replace(/\s*<meta name="description"[^>]*>/, "")
      .replace(/(\n(\s*)<title>)/, `\n$2${meta}$1`);
  }
}

// ─── src/content.ts ──────────────────────────────────────────────────────────────────────────

export function contentFile(site: PlanSite): string {
  return `/**
 * The site's words: its name, its sections and how to reach you. Change them here; the page
 * (src/pages/HomePage.tsx) lays them out. A section's \`placeholder\` says what still needs adding:
 * it shows on the page, marked as a placeholder, until you remove it.
 */

export interface SiteItem {
  title: string;
  text?: string;
  /** As written: "£2.50", "from $40". */
  price?: string;
  /** A web address (https://…), or mailto:/tel:. An item without one shows as a placeholder on a link page. */
  url?: string;
}

export interface SiteSection {
  /** The section's anchor: #${site.sections[0]?.id ?? "about"} */
  id: string;
  /** text: paragraphs · cards: a grid of items · list: rows with prices · links: one button per item ·
   * details: name and value pairs · hours: the opening hours below · contact: how to reach you below */
  layout: "text" | "cards" | "list" | "links" | "details" | "hours" | "contact";
  heading: string;
  /** Paragraphs, separated by blank lines. */
  text?: string;
  items?: SiteItem[];
  placeholder?: string;
}

export interface Site {
  kind: string;
  name: string;
  tagline?: string;
  /** The main button under the name; without a url it shows as a placeholder. */
  action?: SiteItem;
  sections: SiteSection[];
  contact: {
    email?: string;
    phone?: string;
    address?: string;
    /** One line each: "Mon–Fri 8–4". */
    hours?: string[];
    links?: SiteItem[];
  };
}

export const site: Site = ${JSON.stringify(site, null, 2)};
`;
}

// ─── src/pages/HomePage.tsx ──────────────────────────────────────────────────────────────────

/** The page. With a theme the top band is in the main colour; without one, in the template's zinc. */
export function homePageFile(themed: boolean): string {
  const band = themed ? "bg-primary text-primary-foreground" : "bg-zinc-900 text-white";
  return `import type { ReactNode } from "react";
import { site, type SiteItem, type SiteSection } from "../content";

/** The site: a band with its name and the quickest ways to get in touch, then each section of src/content.ts. */
export function HomePage() {
  return (
    <>
      <Hero />
      {site.sections.map((section) => (
        <Section key={section.id} section={section} />
      ))}
    </>
  );
}

const external = (url: string) => /^https?:/i.test(url);
const telHref = (phone: string) => \`tel:\${phone.replace(/[^\\d+]/g, "")}\`;

function Hero() {
  const { phone, email } = site.contact;
  return (
    <section className="${band}" aria-labelledby="site-name">
      <div className="mx-auto max-w-5xl px-4 py-16 sm:py-24">
        <h1 id="site-name" className="text-4xl font-bold tracking-tight text-balance sm:text-5xl">
          {site.name}
        </h1>
        {site.tagline && <p className="mt-4 max-w-2xl text-lg opacity-90 sm:text-xl">{site.tagline}</p>}
        {(phone || email || site.action) && (
          <div className="mt-8 flex flex-wrap gap-3">
            {site.action &&
              (site.action.url ? (
                <a href={site.action.url} {...(external(site.action.url) ? { target: "_blank", rel: "noreferrer" } : {})} className="inline-flex h-11 items-center rounded-md bg-white px-5 text-sm font-semibold text-zinc-900 shadow-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
                  {site.action.title}
                </a>
              ) : (
                <span className="inline-flex h-11 items-center rounded-md border-2 border-dashed border-current px-5 text-sm font-semibold opacity-80" data-placeholder="" title="Placeholder: add where this button goes (its url in src/content.ts)">
                  {site.action.title} (add where it goes)
                </span>
              ))}
            {phone && (
              <a href={telHref(phone)} className="inline-flex h-11 items-center rounded-md bg-white px-5 text-sm font-semibold text-zinc-900 shadow-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
                Call {phone}
              </a>
            )}
            {email && (
              <a href={\`mailto:\${email}\`} className="inline-flex h-11 items-center rounded-md border border-current px-5 text-sm font-semibold hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
                Email {email}
              </a>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

function Section({ section }: { section: SiteSection }) {
  const items = section.items ?? [];
  return (
    <section id={section.id} aria-labelledby={\`\${section.id}-heading\`} className="scroll-mt-16 border-b border-zinc-200 last:border-b-0 dark:border-zinc-800">
      <div className="mx-auto max-w-5xl px-4 py-12 sm:py-16">
        <h2 id={\`\${section.id}-heading\`} className="text-2xl font-semibold tracking-tight sm:text-3xl">
          {section.heading}
        </h2>
        <div className="mt-6 space-y-6">
          {section.text && <Paragraphs text={section.text} />}
          {section.layout === "cards" || section.layout === "text" ? items.length > 0 && <Cards items={items} /> : null}
          {section.layout === "list" && items.length > 0 && <PriceList items={items} />}
          {section.layout === "links" && items.length > 0 && <LinkButtons items={items} />}
          {section.layout === "details" && items.length > 0 && <Details items={items} />}
          {section.layout === "hours" && <Hours />}
          {section.layout === "contact" && <Contact />}
          {section.placeholder && <Placeholder>{section.placeholder}</Placeholder>}
        </div>
      </div>
    </section>
  );
}

/** Something still to write, shown as such: a dashed box, never passed off as the site's own words. */
function Placeholder({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border-2 border-dashed border-zinc-300 p-4 text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400" data-placeholder="">
      <span className="mr-2 rounded bg-zinc-200 px-1.5 py-0.5 text-xs font-semibold tracking-wide text-zinc-700 uppercase dark:bg-zinc-800 dark:text-zinc-300">Placeholder</span>
      {children}
    </p>
  );
}

function Paragraphs({ text }: { text: string }) {
  return (
    <div className="max-w-3xl space-y-4 text-lg leading-relaxed text-zinc-700 dark:text-zinc-300">
      {text.split(/\\n\\s*\\n/).map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
    </div>
  );
}

function Cards({ items }: { items: SiteItem[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((item) => (
        <li key={item.title} className="flex flex-col rounded-lg border border-zinc-200 bg-white p-5 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
          <h3 className="font-semibold">{item.url ? <a href={item.url} className="hover:underline" {...(external(item.url) ? { target: "_blank", rel: "noreferrer" } : {})}>{item.title}</a> : item.title}</h3>
          {item.text && <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{item.text}</p>}
          {item.price && <p className="mt-auto pt-3 font-medium tabular-nums">{item.price}</p>}
        </li>
      ))}
    </ul>
  );
}

function PriceList({ items }: { items: SiteItem[] }) {
  return (
    <ul className="max-w-2xl divide-y divide-zinc-200 dark:divide-zinc-800">
      {items.map((item) => (
        <li key={item.title} className="flex items-baseline gap-4 py-3">
          <div className="min-w-0 flex-1">
            <p className="font-medium">{item.title}</p>
            {item.text && <p className="text-sm text-zinc-600 dark:text-zinc-400">{item.text}</p>}
          </div>
          {item.price && <p className="shrink-0 font-medium tabular-nums">{item.price}</p>}
        </li>
      ))}
    </ul>
  );
}

function LinkButtons({ items }: { items: SiteItem[] }) {
  return (
    <ul className="mx-auto max-w-md space-y-3">
      {items.map((item) => (
        <li key={item.title}>
          {item.url ? (
            <a
              href={item.url}
              {...(external(item.url) ? { target: "_blank", rel: "noreferrer" } : {})}
              className="flex min-h-12 items-center justify-center rounded-lg border border-zinc-300 bg-white px-4 py-3 text-center font-medium shadow-xs hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              {item.title}
            </a>
          ) : (
            <span className="flex min-h-12 items-center justify-center rounded-lg border-2 border-dashed border-zinc-300 px-4 py-3 text-center text-zinc-500 dark:border-zinc-700" data-placeholder="">
              {item.title} (add its address)
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Details({ items }: { items: SiteItem[] }) {
  return (
    <dl className="grid max-w-2xl gap-x-8 gap-y-4 sm:grid-cols-[max-content_1fr]">
      {items.map((item) => (
        <div key={item.title} className="contents">
          <dt className="font-semibold">{item.title}</dt>
          <dd className="text-zinc-700 dark:text-zinc-300">{item.text}</dd>
        </div>
      ))}
    </dl>
  );
}

function Hours() {
  const hours = site.contact.hours ?? [];
  if (hours.length === 0) return null;
  return (
    <ul className="max-w-md space-y-1 text-lg">
      {hours.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function Contact() {
  const { phone, email, address, links = [] } = site.contact;
  const rows: Array<{ label: string; value: ReactNode }> = [];
  if (phone) rows.push({ label: "Phone", value: <a href={telHref(phone)} className="font-medium hover:underline">{phone}</a> });
  if (email) rows.push({ label: "Email", value: <a href={\`mailto:\${email}\`} className="font-medium hover:underline">{email}</a> });
  if (address) {
    const map = \`https://www.openstreetmap.org/search?query=\${encodeURIComponent(address)}\`;
    rows.push({
      label: "Address",
      value: (
        <>
          {address}{" "}
          <a href={map} target="_blank" rel="noreferrer" className="ml-1 text-sm text-zinc-500 underline hover:text-zinc-900 dark:hover:text-zinc-100">
            Map
          </a>
        </>
      ),
    });
  }
  for (const link of links) {
    if (link.url) rows.push({ label: link.title, value: <a href={link.url} {...(external(link.url) ? { target: "_blank", rel: "noreferrer" } : {})} className="font-medium break-all hover:underline">{link.url.replace(/^https?:\\/\\/(www\\.)?/, "").replace(/\\/$/, "")}</a> });
  }
  if (rows.length === 0) return null;
  return (
    <dl className="grid max-w-2xl gap-x-8 gap-y-3 text-lg sm:grid-cols-[max-content_1fr]">
      {rows.map((row) => (
        <div key={row.label} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
`;
}

// ─── src/components/Layout.tsx and src/App.tsx ───────────────────────────────────────────────

export function layoutFile(themed: boolean): string {
  return `import { Link, Outlet } from "react-router";
import { site } from "../content";

/** The frame around the page: the site's name and its sections in the top bar, then a footer. No sign-in: the site is public. */
export function Layout() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-10 ${themed ? "border-t-4 border-t-primary " : ""}border-b border-zinc-200 bg-white/95 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95">
        <nav aria-label="Main" className="mx-auto flex h-14 max-w-5xl items-center gap-4 px-4">
          <Link to="/" className="min-w-0 shrink truncate font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2">
            {site.name}
          </Link>
          <ul className="-mr-2 ml-auto flex min-w-0 items-center gap-1 overflow-x-auto">
            {site.sections.map((section) => (
              <li key={section.id}>
                {/* Relative to the page's <base>, so the link works wherever the site is served. */}
                <a href={\`#\${section.id}\`} className="block rounded-md px-2 py-2 text-sm font-medium whitespace-nowrap text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 dark:text-zinc-400 dark:hover:text-zinc-100">
                  {section.heading}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="flex-1">
        <Outlet />
      </main>
      <footer className="border-t border-zinc-200 dark:border-zinc-800">
        <p className="mx-auto max-w-5xl px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">
          © {new Date().getFullYear()} {site.name}
        </p>
      </footer>
    </div>
  );
}
`;
}

const APP_FILE = `import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { HomePage } from "./pages/HomePage";
import { NotFoundPage } from "./pages/NotFoundPage";

/** Every page of the site: one public page of sections. Paths are relative to the app's base, so never hard-code a host prefix. */
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route
          path="*"
          element={
            <div className="mx-auto max-w-5xl px-4 py-8">
              <NotFoundPage />
            </div>
          }
        />
      </Route>
    </Routes>
  );
}
`;

// ─── worker/index.ts ─────────────────────────────────────────────────────────────────────────

/** The template's Worker without its sign-up and sign-in routes: a public site has no accounts for strangers to create. */
export function patchSiteWorker(source: string, plan: Plan): string {
  const mount = `app.route("/api/auth", auth);\n`;
  const importLine = `import { auth } from "./auth";\n`;
  if (!source.includes(mount) || !source.includes(importLine))
    throw new Error(`worker/index.ts of the template has no \`${mount.trim()}\` to take out for a site.`);
  return source
    .replace(importLine, "")
    .replace(mount, "")
    .replace(
      /\/\*\*\n \* The app's API\.[^]*?\*\/\n/,
      `/**\n * ${plan.title.replace(/\*\//g, "* /")}: a public site. Every path is a static file from dist/ (the page's words are in\n * src/content.ts); /api/* runs here first and has only /api/health. The template's login\n * (worker/auth.ts) is not mounted: mount its router here if the site ever needs accounts.\n */\n`,
    );
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);
}

// ─── README.md ───────────────────────────────────────────────────────────────────────────────

export function siteReadme(plan: Plan, templateReadme: string): string {
  const site = plan.site!;
  const conventions = templateReadme.indexOf("## Conventions");
  const placeholders = site.sections.filter((s) => s.placeholder).map((s) => `- ${s.heading}: ${s.placeholder}`);
  return `# ${plan.title}

${plan.description ? `${plan.description.trim()}\n\n` : ""}A public site built by Kiln on its app template: one page of sections, no login.

## Where things are

\`\`\`
src/content.ts              the words: name, tagline, sections, contact details, opening hours
src/pages/HomePage.tsx      the page: lays out each section by its layout
src/components/Layout.tsx   the top bar (a link to each section) and the footer
worker/index.ts             /api/health; everything else is the built page (the template's login is not mounted)
\`\`\`
${placeholders.length > 0 ? `\n## Still to fill in\n\n${placeholders.join("\n")}\n` : ""}
${conventions >= 0 ? templateReadme.slice(conventions) : ""}`;
}
