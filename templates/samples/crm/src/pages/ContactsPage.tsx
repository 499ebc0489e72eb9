import { useState } from "react";
import { Link } from "react-router";
import { DeleteButton } from "../components/DeleteButton";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { buttonClasses } from "../components/ui/button";
import { EmptyState } from "../components/ui/empty-state";
import { Input } from "../components/ui/input";
import { Table, TableBody, TableHead, Td, Th } from "../components/ui/table";
import type { Contact } from "../lib/types";
import { useApi } from "../lib/use-api";

export function ContactsPage() {
  const [search, setSearch] = useState("");
  const contacts = useApi<{ contacts: Contact[] }>(`api/contacts?q=${encodeURIComponent(search)}`);

  return (
    <>
      <PageHeader
        title="Contacts"
        description="The people you talk to."
        actions={
          <Link to="/contacts/new" className={buttonClasses()}>
            New contact
          </Link>
        }
      />
      <div className="mb-4 max-w-xs">
        <Input type="search" placeholder="Search by name or email…" aria-label="Search contacts" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <LoadState result={contacts}>
        {({ contacts: rows }) =>
          rows.length === 0 ? (
            <EmptyState
              title={search ? "No contacts match your search" : "No contacts yet"}
              description={search ? "Try another name or email." : "Add the people you work with."}
              action={
                !search && (
                  <Link to="/contacts/new" className={buttonClasses()}>
                    New contact
                  </Link>
                )
              }
            />
          ) : (
            <Table>
              <TableHead>
                <tr>
                  <Th>Name</Th>
                  <Th>Company</Th>
                  <Th>Email</Th>
                  <Th>Phone</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </TableHead>
              <TableBody>
                {rows.map((contact) => (
                  <tr key={contact.id}>
                    <Td>
                      <Link to={`/contacts/${contact.id}/edit`} className="font-medium hover:underline">
                        {contact.name}
                      </Link>
                      {contact.title && <div className="text-xs text-zinc-500 dark:text-zinc-400">{contact.title}</div>}
                    </Td>
                    <Td>
                      {contact.company_id ? (
                        <Link to={`/companies/${contact.company_id}`} className="hover:underline">
                          {contact.company_name}
                        </Link>
                      ) : (
                        <span className="text-zinc-400">—</span>
                      )}
                    </Td>
                    <Td>{contact.email && <a href={`mailto:${contact.email}`} className="hover:underline">{contact.email}</a>}</Td>
                    <Td className="whitespace-nowrap">{contact.phone}</Td>
                    <Td className="text-right whitespace-nowrap">
                      <Link to={`/contacts/${contact.id}/edit`} className={buttonClasses("ghost", "sm")} aria-label={`Edit contact ${contact.name}`}>
                        Edit
                      </Link>
                      <DeleteButton path={`api/contacts/${contact.id}`} what="contact" name={contact.name} onDeleted={contacts.reload} />
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
