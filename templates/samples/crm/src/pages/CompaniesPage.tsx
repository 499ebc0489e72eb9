import { useState } from "react";
import { Link } from "react-router";
import { DeleteButton } from "../components/DeleteButton";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { buttonClasses } from "../components/ui/button";
import { EmptyState } from "../components/ui/empty-state";
import { Input } from "../components/ui/input";
import { Table, TableBody, TableHead, Td, Th } from "../components/ui/table";
import type { CompanySummary } from "../lib/types";
import { useApi } from "../lib/use-api";

export function CompaniesPage() {
  const [search, setSearch] = useState("");
  const companies = useApi<{ companies: CompanySummary[] }>(`api/companies?q=${encodeURIComponent(search)}`);

  return (
    <>
      <PageHeader
        title="Companies"
        description="The organisations you sell to."
        actions={
          <Link to="/companies/new" className={buttonClasses()}>
            New company
          </Link>
        }
      />
      <div className="mb-4 max-w-xs">
        <Input type="search" placeholder="Search companies…" aria-label="Search companies" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <LoadState result={companies}>
        {({ companies: rows }) =>
          rows.length === 0 ? (
            <EmptyState
              title={search ? "No companies match your search" : "No companies yet"}
              description={search ? "Try another name." : "Add the first company you work with."}
              action={
                !search && (
                  <Link to="/companies/new" className={buttonClasses()}>
                    New company
                  </Link>
                )
              }
            />
          ) : (
            <Table>
              <TableHead>
                <tr>
                  <Th>Name</Th>
                  <Th>Industry</Th>
                  <Th className="text-right">Contacts</Th>
                  <Th className="text-right">Deals</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </TableHead>
              <TableBody>
                {rows.map((company) => (
                  <tr key={company.id}>
                    <Td>
                      <Link to={`/companies/${company.id}`} className="font-medium hover:underline">
                        {company.name}
                      </Link>
                    </Td>
                    <Td className="text-zinc-600 dark:text-zinc-400">{company.industry}</Td>
                    <Td className="text-right tabular-nums">{company.contact_count}</Td>
                    <Td className="text-right tabular-nums">{company.deal_count}</Td>
                    <Td className="text-right whitespace-nowrap">
                      <Link to={`/companies/${company.id}/edit`} className={buttonClasses("ghost", "sm")} aria-label={`Edit company ${company.name}`}>
                        Edit
                      </Link>
                      <DeleteButton
                        path={`api/companies/${company.id}`}
                        what="company"
                        name={company.name}
                        consequence="Its deals are deleted too; its contacts are kept without a company."
                        onDeleted={companies.reload}
                      />
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
