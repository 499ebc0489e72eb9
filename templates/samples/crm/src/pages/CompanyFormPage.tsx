import { Link, useNavigate, useParams } from "react-router";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { Alert } from "../components/ui/alert";
import { Button, buttonClasses } from "../components/ui/button";
import { Card, CardContent } from "../components/ui/card";
import { Field } from "../components/ui/field";
import { Input } from "../components/ui/input";
import { Textarea } from "../components/ui/textarea";
import { api } from "../lib/api";
import type { Company } from "../lib/types";
import { useApi } from "../lib/use-api";
import { useFormSubmit } from "../lib/use-form-submit";

/** /companies/new and /companies/:id/edit */
export function CompanyFormPage() {
  const { id } = useParams();
  const existing = useApi<Company>(id ? `api/companies/${id}` : null);

  return (
    <>
      <PageHeader title={id ? "Edit company" : "New company"} />
      {id ? <LoadState result={existing}>{(company) => <CompanyForm company={company} />}</LoadState> : <CompanyForm />}
    </>
  );
}

function CompanyForm({ company }: { company?: Company }) {
  const navigate = useNavigate();
  const form = useFormSubmit(async (values) => {
    const saved = company ? await api.put<Company>(`api/companies/${company.id}`, values) : await api.post<Company>("api/companies", values);
    navigate(`/companies/${saved.id}`);
  });

  return (
    <Card className="max-w-2xl">
      <CardContent>
        <form key={company?.id ?? "new"} onSubmit={form.onSubmit} className="space-y-4" noValidate>
          {form.error && <Alert>{form.error}</Alert>}
          <Field label="Name" error={form.fieldErrors.name}>
            <Input name="name" defaultValue={company?.name} required autoFocus />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Industry" error={form.fieldErrors.industry}>
              <Input name="industry" defaultValue={company?.industry ?? ""} placeholder="e.g. Software" />
            </Field>
            <Field label="Website" error={form.fieldErrors.website}>
              <Input name="website" type="url" defaultValue={company?.website ?? ""} placeholder="https://…" />
            </Field>
          </div>
          <Field label="Notes" error={form.fieldErrors.notes}>
            <Textarea name="notes" defaultValue={company?.notes ?? ""} />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" disabled={form.busy}>
              {form.busy ? "Saving…" : company ? "Save changes" : "Create company"}
            </Button>
            <Link to={company ? `/companies/${company.id}` : "/companies"} className={buttonClasses("secondary")}>
              Cancel
            </Link>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
