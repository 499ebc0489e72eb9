import { Link, useNavigate, useParams } from "react-router";
import { DeleteButton } from "../components/DeleteButton";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { StageBadge } from "../components/StageBadge";
import { buttonClasses } from "../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../components/ui/card";
import { Table, TableBody, TableHead, Td, Th } from "../components/ui/table";
import { formatDate, formatMoney } from "../lib/format";
import type { Company, Contact, Deal } from "../lib/types";
import { useApi } from "../lib/use-api";

/** /companies/:id — a company with its contacts and deals. */
export function CompanyDetailPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const company = useApi<Company>(`api/companies/${id}`);
  const contacts = useApi<{ contacts: Contact[] }>(`api/contacts?company_id=${encodeURIComponent(id)}`);
  const deals = useApi<{ deals: Deal[] }>(`api/deals?company_id=${encodeURIComponent(id)}`);

  return (
    <LoadState result={company}>
      {(co) => (
        <>
          <PageHeader
            title={co.name}
            description={[co.industry, co.website].filter(Boolean).join(" · ") || undefined}
            actions={
              <>
                <Link to={`/companies/${co.id}/edit`} className={buttonClasses("secondary")}>
                  Edit
                </Link>
                <DeleteButton
                  size="md"
                  path={`api/companies/${co.id}`}
                  what="company"
                  name={co.name}
                  consequence="Its deals are deleted too; its contacts are kept without a company."
                  onDeleted={() => navigate("/companies")}
                />
              </>
            }
          />
          {co.notes && <p className="mb-6 max-w-2xl text-sm whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">{co.notes}</p>}
          <div className="grid gap-6 lg:grid-cols-2">
            <Card>
              <CardHeader className="flex items-center justify-between">
                <CardTitle>Contacts</CardTitle>
                <Link to={`/contacts/new?company=${co.id}`} className={buttonClasses("secondary", "sm")}>
                  Add contact
                </Link>
              </CardHeader>
              <CardContent>
                <LoadState result={contacts}>
                  {({ contacts: rows }) =>
                    rows.length === 0 ? (
                      <p className="text-sm text-zinc-500 dark:text-zinc-400">No contacts at {co.name} yet.</p>
                    ) : (
                      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
                        {rows.map((contact) => (
                          <li key={contact.id} className="py-2">
                            <Link to={`/contacts/${contact.id}/edit`} className="font-medium hover:underline">
                              {contact.name}
                            </Link>
                            <div className="text-xs text-zinc-500 dark:text-zinc-400">{[contact.title, contact.email].filter(Boolean).join(" · ")}</div>
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </LoadState>
              </CardContent>
            </Card>
            <Card>
              <CardHeader className="flex items-center justify-between">
                <CardTitle>Deals</CardTitle>
                <Link to={`/deals/new?company=${co.id}`} className={buttonClasses("secondary", "sm")}>
                  Add deal
                </Link>
              </CardHeader>
              <CardContent>
                <LoadState result={deals}>
                  {({ deals: rows }) =>
                    rows.length === 0 ? (
                      <p className="text-sm text-zinc-500 dark:text-zinc-400">No deals with {co.name} yet.</p>
                    ) : (
                      <Table>
                        <TableHead>
                          <tr>
                            <Th>Deal</Th>
                            <Th>Stage</Th>
                            <Th className="text-right">Amount</Th>
                          </tr>
                        </TableHead>
                        <TableBody>
                          {rows.map((deal) => (
                            <tr key={deal.id}>
                              <Td>
                                <Link to={`/deals/${deal.id}/edit`} className="font-medium hover:underline">
                                  {deal.title}
                                </Link>
                                {deal.close_date && <div className="text-xs text-zinc-500 dark:text-zinc-400">Closes {formatDate(deal.close_date)}</div>}
                              </Td>
                              <Td>
                                <StageBadge stage={deal.stage} />
                              </Td>
                              <Td className="text-right tabular-nums">{formatMoney(deal.amount)}</Td>
                            </tr>
                          ))}
                        </TableBody>
                      </Table>
                    )
                  }
                </LoadState>
              </CardContent>
            </Card>
          </div>
        </>
      )}
    </LoadState>
  );
}
