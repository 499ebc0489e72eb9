import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { CompanySelect } from "../components/CompanySelect";
import { DeleteButton } from "../components/DeleteButton";
import { LoadState } from "../components/LoadState";
import { PageHeader } from "../components/PageHeader";
import { STAGE_LABELS } from "../components/StageBadge";
import { Alert } from "../components/ui/alert";
import { Button, buttonClasses } from "../components/ui/button";
import { Card, CardContent } from "../components/ui/card";
import { Field } from "../components/ui/field";
import { Input } from "../components/ui/input";
import { Select } from "../components/ui/select";
import { Textarea } from "../components/ui/textarea";
import { api } from "../lib/api";
import { DEAL_STAGES, type Deal } from "../lib/types";
import { useApi } from "../lib/use-api";
import { useFormSubmit } from "../lib/use-form-submit";

/** /deals/new (?company=<id> preselects the company) and /deals/:id/edit */
export function DealFormPage() {
  const { id } = useParams();
  const existing = useApi<Deal>(id ? `api/deals/${id}` : null);

  return (
    <>
      <PageHeader title={id ? "Edit deal" : "New deal"} />
      {id ? <LoadState result={existing}>{(deal) => <DealForm deal={deal} />}</LoadState> : <DealForm />}
    </>
  );
}

function DealForm({ deal }: { deal?: Deal }) {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const form = useFormSubmit(async (values) => {
    // Form values are strings; the API accepts "1200" for a number and says so if it is not one.
    if (deal) await api.put<Deal>(`api/deals/${deal.id}`, values);
    else await api.post<Deal>("api/deals", values);
    navigate("/deals");
  });

  return (
    <Card className="max-w-2xl">
      <CardContent>
        <form key={deal?.id ?? "new"} onSubmit={form.onSubmit} className="space-y-4" noValidate>
          {form.error && <Alert>{form.error}</Alert>}
          <Field label="Title" error={form.fieldErrors.title}>
            <Input name="title" defaultValue={deal?.title} placeholder="e.g. 50 seats, annual plan" required autoFocus />
          </Field>
          <Field label="Company" error={form.fieldErrors.company_id}>
            <CompanySelect required defaultValue={deal ? deal.company_id : searchParams.get("company")} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Amount (USD)" error={form.fieldErrors.amount}>
              <Input name="amount" type="number" inputMode="numeric" min={0} step={1} defaultValue={deal?.amount ?? 0} required />
            </Field>
            <Field label="Stage" error={form.fieldErrors.stage}>
              <Select name="stage" defaultValue={deal?.stage ?? "lead"}>
                {DEAL_STAGES.map((stage) => (
                  <option key={stage} value={stage}>
                    {STAGE_LABELS[stage]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Close date" error={form.fieldErrors.close_date}>
              <Input name="close_date" type="date" defaultValue={deal?.close_date ?? ""} />
            </Field>
          </div>
          <Field label="Notes" error={form.fieldErrors.notes}>
            <Textarea name="notes" defaultValue={deal?.notes ?? ""} />
          </Field>
          <div className="flex items-center gap-2">
            <Button type="submit" disabled={form.busy}>
              {form.busy ? "Saving…" : deal ? "Save changes" : "Create deal"}
            </Button>
            <Link to="/deals" className={buttonClasses("secondary")}>
              Cancel
            </Link>
            {deal && (
              <div className="ml-auto">
                <DeleteButton size="md" path={`api/deals/${deal.id}`} what="deal" name={deal.title} onDeleted={() => navigate("/deals")} />
              </div>
            )}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
