import { useEffect, useState, type FormEvent } from "react";
import { api, type Domain } from "../../lib/api";
import { useAction } from "../../lib/use-action";
import { Button } from "../Button";
import { ErrorNote } from "../Field";

const input = "h-9 rounded-md border border-stone-300 bg-white px-3 text-sm dark:border-stone-700 dark:bg-stone-950";
/** How often a pending domain's status is asked afresh while the panel is open. */
const POLL_MS = 10_000;

const STATUS_LABEL: Record<Domain["status"], string> = { pending: "Pending", active: "Active", failed: "Failed" };
const STATUS_STYLE: Record<Domain["status"], string> = {
  pending: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};
const SSL_LABEL: Record<Domain["ssl"]["status"], string> = {
  pending: "certificate pending",
  active: "certificate active",
  failed: "certificate failed",
  none: "no certificate (local)",
};
const PURPOSE: Record<Domain["records"][number]["purpose"], string> = {
  routing: "sends the domain to this app",
  ownership: "proves the domain is yours",
  certificate: "lets the certificate be issued",
};

/** The project's own domains: add one, see the DNS records to add and its status, remove it. */
export function DomainSettings({
  projectId,
  className,
  onChanged,
}: {
  projectId: string;
  className: string;
  onChanged?: () => void;
}) {
  const [domains, setDomains] = useState<Domain[] | null>(null);
  const [hostname, setHostname] = useState("");
  const { busy, error, status, setError, run } = useAction();

  useEffect(() => {
    api.domains(projectId).then(setDomains, (err: Error) => setError(err.message));
  }, [projectId]);

  const replace = (d: Domain) => setDomains((list) => (list ?? []).map((x) => (x.hostname === d.hostname ? d : x)));

  // Pending domains are asked about again until they settle (records may appear only after the first check).
  const pending =
    domains
      ?.filter((d) => d.status === "pending")
      .map((d) => d.hostname)
      .join(",") ?? "";
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      for (const h of pending.split(",")) {
        api.domain(projectId, h).then(
          (d) => {
            replace(d);
            if (d.status === "active") onChanged?.();
          },
          () => {},
        );
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [projectId, pending]);

  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const d = await api.addDomain(projectId, hostname.trim());
      setDomains((list) => [...(list ?? []), d]);
      setHostname("");
      onChanged?.();
      return d.status === "active"
        ? `${d.hostname} now serves this app's published version.`
        : `${d.hostname} is added: add the DNS records below.`;
    });
  };

  const remove = (d: Domain) => {
    if (!confirm(`Remove ${d.hostname}? It stops serving this app at once.`)) return;
    void run(async () => {
      await api.removeDomain(projectId, d.hostname);
      setDomains((list) => list?.filter((x) => x.hostname !== d.hostname) ?? null);
      onChanged?.();
      return `${d.hostname} is removed.`;
    });
  };

  const check = (d: Domain) =>
    void run(async () => {
      const fresh = await api.domain(projectId, d.hostname);
      replace(fresh);
      if (fresh.status === "active") onChanged?.();
      return `${fresh.hostname}: ${STATUS_LABEL[fresh.status].toLowerCase()}.`;
    });

  return (
    <section className={className} aria-labelledby="domains-title" data-testid="domains">
      <h2 id="domains-title" className="font-medium">
        Domains
      </h2>
      <p className="text-xs text-stone-500">
        Serve the published version on a domain of your own, such as <code>shop.example.org</code>. For a bare domain (
        <code>example.org</code>) your DNS provider must be able to flatten a CNAME (often called ALIAS or ANAME).
      </p>
      {domains === null && !error && (
        <p className="text-xs text-stone-500" role="status">
          Loading…
        </p>
      )}
      {domains?.length === 0 && <p className="text-xs text-stone-500">No domains yet.</p>}
      <ul className="space-y-3">
        {domains?.map((d) => (
          <li
            key={d.hostname}
            className="space-y-2 rounded-md border border-stone-200 p-3 dark:border-stone-800"
            data-testid="domain"
            aria-label={d.hostname}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="min-w-0 flex-1 truncate font-mono text-sm">{d.hostname}</span>
              <span
                className={`rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[d.status]}`}
                data-testid="domain-status"
              >
                {STATUS_LABEL[d.status]}
              </span>
              <span className="text-xs text-stone-500" data-testid="domain-ssl">
                {SSL_LABEL[d.ssl.status]}
              </span>
              {d.status !== "active" && (
                <Button variant="ghost" className="h-8 text-xs" disabled={busy} onClick={() => check(d)}>
                  Check now
                </Button>
              )}
              <Button
                variant="ghost"
                className="h-8 text-xs text-red-700 dark:text-red-400"
                disabled={busy}
                onClick={() => remove(d)}
                aria-label={`Remove ${d.hostname}`}
              >
                Remove
              </Button>
            </div>
            {d.provider === "local" && (
              <p className="text-xs text-stone-500" data-testid="domain-local">
                Local: this Kiln has no Cloudflare zone for custom domains, so the domain is active at once, over http
                without a certificate. Requests reach the app when the name points at this machine (for example a line
                in your hosts file), or with the header <code>Host: {d.hostname}</code>.
              </p>
            )}
            {d.apex && (
              <p className="text-xs text-stone-500">
                This looks like a bare domain: use CNAME flattening (ALIAS/ANAME) at your DNS provider for the record
                below.
              </p>
            )}
            {d.records.length > 0 && (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-xs" data-testid="domain-records">
                  <thead className="text-stone-500">
                    <tr>
                      <th className="pr-3 font-medium">Type</th>
                      <th className="pr-3 font-medium">Name</th>
                      <th className="pr-3 font-medium">Value</th>
                      <th className="font-medium">Why</th>
                    </tr>
                  </thead>
                  <tbody className="font-mono">
                    {d.records.map((r) => (
                      <tr key={`${r.type}:${r.name}:${r.value}`}>
                        <td className="pr-3">{r.type}</td>
                        <td className="break-all pr-3">{r.name}</td>
                        <td className="break-all pr-3">{r.value}</td>
                        <td className="font-sans text-stone-500">{PURPOSE[r.purpose]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {d.errors.length > 0 && (
              <ul
                className="list-disc space-y-1 pl-5 text-xs text-red-800 dark:text-red-300"
                data-testid="domain-errors"
              >
                {d.errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor="domain-name" className="text-xs font-medium">
            Domain
          </label>
          <input
            id="domain-name"
            value={hostname}
            onChange={(e) => setHostname(e.target.value)}
            maxLength={253}
            placeholder="shop.example.org"
            autoComplete="off"
            spellCheck={false}
            className={`${input} font-mono`}
          />
        </div>
        <Button type="submit" disabled={!hostname.trim() || busy}>
          {busy ? "Working…" : "Add domain"}
        </Button>
      </form>
      <ErrorNote message={error} />
      {status && (
        <p className="text-xs text-emerald-700 dark:text-emerald-300" role="status">
          {status}
        </p>
      )}
    </section>
  );
}
