import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { CompanySelect } from "../components/CompanySelect";
import { DeleteButton } from "../components/DeleteButton";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { Alert } from "../components/ui/alert";
import { Button, buttonClasses } from "../components/ui/button";
import { Card, CardContent } from "../components/ui/card";
import { Field } from "../components/ui/field";
import { Input } from "../components/ui/input";
import { Textarea } from "../components/ui/textarea";
import { api } from "../lib/api";
import type { Contact } from "../lib/types";
import { useApi } from "../lib/use-api";
import { useFormSubmit } from "../lib/use-form-submit";

/** /contacts/new (?company=<id> preselects the company) and /contacts/:id/edit */
export function ContactFormPage() {
  const { id } = useParams();
  const existing = useApi<Contact>(id ? `api/contacts/${id}` : null);

  return (
    <>
      <PageHeader title={id ? "Edit contact" : "New contact"} />
      {id ? <LoadState result={existing}>{(contact) => <ContactForm contact={contact} />}</LoadState> : <ContactForm />}
    </>
  );
}

function ContactForm({ contact }: { contact?: Contact }) {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const form = useFormSubmit(async (values) => {
    const saved = contact ? await api.put<Contact>(`api/contacts/${contact.id}`, values) : await api.post<Contact>("api/contacts", values);
    navigate(saved.company_id ? `/companies/${saved.company_id}` : "/contacts");
  });

  return (
    <Card className="max-w-2xl">
      <CardContent>
        <form key={contact?.id ?? "new"} onSubmit={form.onSubmit} className="space-y-4" noValidate>
          {form.error && <Alert>{form.error}</Alert>}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" error={form.fieldErrors.name}>
              <Input name="name" defaultValue={contact?.name} required autoFocus />
            </Field>
            <Field label="Job title" error={form.fieldErrors.title}>
              <Input name="title" defaultValue={contact?.title ?? ""} />
            </Field>
            <Field label="Email" error={form.fieldErrors.email}>
              <Input name="email" type="email" defaultValue={contact?.email ?? ""} />
            </Field>
            <Field label="Phone" error={form.fieldErrors.phone}>
              <Input name="phone" type="tel" defaultValue={contact?.phone ?? ""} />
            </Field>
          </div>
          <Field label="Company" error={form.fieldErrors.company_id}>
            <CompanySelect defaultValue={contact ? contact.company_id : searchParams.get("company")} />
          </Field>
          <Field label="Notes" error={form.fieldErrors.notes}>
            <Textarea name="notes" defaultValue={contact?.notes ?? ""} />
          </Field>
          <div className="flex items-center gap-2">
            <Button type="submit" disabled={form.busy}>
              {form.busy ? "Saving…" : contact ? "Save changes" : "Create contact"}
            </Button>
            <Link to="/contacts" className={buttonClasses("secondary")}>
              Cancel
            </Link>
            {contact && (
              <div className="ml-auto">
                <DeleteButton size="md" path={`api/contacts/${contact.id}`} what="contact" name={contact.name} onDeleted={() => navigate("/contacts")} />
              </div>
            )}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
