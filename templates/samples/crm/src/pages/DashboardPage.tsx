import { Link } from "react-router";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { STAGE_LABELS, StageBadge } from "../components/StageBadge";
import { buttonClasses } from "../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../components/ui/card";
import { EmptyState } from "../components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "../components/ui/table";
import { useAuth } from "../lib/auth";
import { formatMoney } from "../lib/format";
import type { Dashboard } from "../lib/types";
import { DEAL_STAGES } from "../lib/types";
import { useApi } from "../lib/use-api";

export function DashboardPage() {
  const { user } = useAuth();
  const dashboard = useApi<Dashboard>("api/dashboard");

  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${user?.email}`} />
      <LoadState result={dashboard}>
        {(data) =>
          data.companies === 0 ? (
            <EmptyState
              title="Your CRM is empty"
              description="Start by adding a company, then its contacts and deals."
              action={
                <Link to="/companies/new" className={buttonClasses()}>
                  Add a company
                </Link>
              }
            />
          ) : (
            <div className="space-y-6">
              <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
                <Stat label="Companies" value={String(data.companies)} to="/companies" />
                <Stat label="Contacts" value={String(data.contacts)} to="/contacts" />
                <Stat label={`Open pipeline (${data.deals.open_count} deals)`} value={formatMoney(data.deals.open_amount)} to="/deals" />
                <Stat label={`Won (${data.deals.won_count} deals)`} value={formatMoney(data.deals.won_amount)} to="/deals?stage=won" />
              </div>
              <div className="grid gap-6 lg:grid-cols-2">
                <Card>
                  <CardHeader>
                    <CardTitle>Pipeline by stage</CardTitle>
                  </CardHeader>
                  <CardContent>
                    <Pipeline byStage={data.by_stage} />
                  </CardContent>
                </Card>
                <Card>
                  <CardHeader>
                    <CardTitle>Recently updated deals</CardTitle>
                  </CardHeader>
                  <CardContent>
                    {data.recent_deals.length === 0 ? (
                      <p className="text-sm text-zinc-500 dark:text-zinc-400">No deals yet.</p>
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
                          {data.recent_deals.map((deal) => (
                            <tr key={deal.id}>
                              <Td>
                                <Link to={`/deals/${deal.id}/edit`} className="font-medium hover:underline">
                                  {deal.title}
                                </Link>
                                <div className="text-xs text-zinc-500 dark:text-zinc-400">{deal.company_name}</div>
                              </Td>
                              <Td>
                                <StageBadge stage={deal.stage} />
                              </Td>
                              <Td className="text-right tabular-nums">{formatMoney(deal.amount)}</Td>
                            </tr>
                          ))}
                        </TableBody>
                      </Table>
                    )}
                  </CardContent>
                </Card>
              </div>
            </div>
          )
        }
      </LoadState>
    </>
  );
}

function Stat({ label, value, to }: { label: string; value: string; to: string }) {
  return (
    <Link to={to} className="rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2">
      <Card className="h-full p-5 transition-colors hover:border-zinc-400 dark:hover:border-zinc-600">
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{label}</p>
        <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${label.split(" ")[0]!.toLowerCase()}`}>
          {value}
        </p>
      </Card>
    </Link>
  );
}

/** One bar per stage, its width the stage's share of the largest stage by amount. */
function Pipeline({ byStage }: { byStage: Dashboard["by_stage"] }) {
  const max = Math.max(1, ...byStage.map((row) => row.amount));
  return (
    <ul className="space-y-3">
      {DEAL_STAGES.map((stage) => {
        const row = byStage.find((r) => r.stage === stage) ?? { count: 0, amount: 0 };
        return (
          <li key={stage}>
            <div className="flex items-center justify-between text-sm">
              <Link to={`/deals?stage=${stage}`} className="hover:underline" aria-label={`${STAGE_LABELS[stage]} deals`}>
                <StageBadge stage={stage} />
              </Link>
              <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
                {row.count} · {formatMoney(row.amount)}
              </span>
            </div>
            <div className="mt-1 h-2 rounded-full bg-zinc-100 dark:bg-zinc-800">
              <div className="h-2 rounded-full bg-zinc-900 dark:bg-zinc-100" style={{ width: `${(row.amount / max) * 100}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
