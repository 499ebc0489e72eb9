import { Link, useSearchParams } from "react-router";
import { DeleteButton } from "../components/DeleteButton";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { STAGE_LABELS, StageBadge } from "../components/StageBadge";
import { buttonClasses } from "../components/ui/button";
import { EmptyState } from "../components/ui/empty-state";
import { Label } from "../components/ui/label";
import { Select } from "../components/ui/select";
import { Table, TableBody, TableHead, Td, Th } from "../components/ui/table";
import { formatDate, formatMoney } from "../lib/format";
import { DEAL_STAGES, type Deal } from "../lib/types";
import { useApi } from "../lib/use-api";

export function DealsPage() {
  // The stage filter lives in the URL (?stage=won), so the dashboard can link to it.
  const [searchParams, setSearchParams] = useSearchParams();
  const stage = searchParams.get("stage") ?? "";
  const deals = useApi<{ deals: Deal[] }>(`api/deals?stage=${encodeURIComponent(stage)}`);

  return (
    <>
      <PageHeader
        title="Deals"
        description="Your sales pipeline."
        actions={
          <Link to="/deals/new" className={buttonClasses()}>
            New deal
          </Link>
        }
      />
      <div className="mb-4 flex max-w-xs items-center gap-2">
        <Label htmlFor="stage-filter" className="shrink-0">
          Stage
        </Label>
        <Select id="stage-filter" value={stage} onChange={(e) => setSearchParams(e.target.value ? { stage: e.target.value } : {})}>
          <option value="">All stages</option>
          {DEAL_STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </Select>
      </div>
      <LoadState result={deals}>
        {({ deals: rows }) =>
          rows.length === 0 ? (
            <EmptyState
              title={stage ? "No deals in this stage" : "No deals yet"}
              description={stage ? "Pick another stage to see more." : "Track your first opportunity."}
              action={
                !stage && (
                  <Link to="/deals/new" className={buttonClasses()}>
                    New deal
                  </Link>
                )
              }
            />
          ) : (
            <Table>
              <TableHead>
                <tr>
                  <Th>Deal</Th>
                  <Th>Company</Th>
                  <Th>Stage</Th>
                  <Th className="text-right">Amount</Th>
                  <Th>Close date</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </TableHead>
              <TableBody>
                {rows.map((deal) => (
                  <tr key={deal.id}>
                    <Td>
                      <Link to={`/deals/${deal.id}/edit`} className="font-medium hover:underline">
                        {deal.title}
                      </Link>
                    </Td>
                    <Td>
                      <Link to={`/companies/${deal.company_id}`} className="hover:underline">
                        {deal.company_name}
                      </Link>
                    </Td>
                    <Td>
                      <StageBadge stage={deal.stage} />
                    </Td>
                    <Td className="text-right tabular-nums">{formatMoney(deal.amount)}</Td>
                    <Td className="whitespace-nowrap">{formatDate(deal.close_date)}</Td>
                    <Td className="text-right whitespace-nowrap">
                      <Link to={`/deals/${deal.id}/edit`} className={buttonClasses("ghost", "sm")} aria-label={`Edit deal ${deal.title}`}>
                        Edit
                      </Link>
                      <DeleteButton path={`api/deals/${deal.id}`} what="deal" name={deal.title} onDeleted={deals.reload} />
                    </Td>
                  </tr>
                ))}
              </TableBody>
            </Table>
          )
        }
      </LoadState>
    </>
  );
}
