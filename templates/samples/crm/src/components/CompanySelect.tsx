import type { ComponentProps } from "react";
import { Link } from "react-router";
import type { Company } from "../lib/types";
import { useApi } from "../lib/use-api";
import { Select } from "./ui/select";
import { Spinner } from "./ui/spinner";

/**
 * A <select name="company_id"> of the user's companies. `required` leaves out the "No company"
 * choice. Pass the Field's props through (id, aria-*) so the label is attached.
 */
export function CompanySelect({
  defaultValue,
  required = false,
  ...rest
}: { defaultValue?: string | null; required?: boolean } & Omit<ComponentProps<"select">, "name" | "defaultValue" | "required">) {
  const companies = useApi<{ companies: Company[] }>("api/companies");

  if (companies.error) return <p className="text-sm text-red-600">{companies.error}</p>;
  if (!companies.data) {
    // A form sent while the list loads still carries the current choice.
    return (
      <>
        <input type="hidden" name="company_id" value={defaultValue ?? ""} />
        <Spinner label="Loading companies…" />
      </>
    );
  }
  if (required && companies.data.companies.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        You have no companies yet.{" "}
        <Link to="/companies/new" className="font-medium underline">
          Add one first
        </Link>
        .
      </p>
    );
  }

  return (
    <Select name="company_id" defaultValue={defaultValue ?? ""} required={required} {...rest}>
      <option value="" disabled={required}>
        {required ? "Choose a company…" : "No company"}
      </option>
      {companies.data.companies.map((company) => (
        <option key={company.id} value={company.id}>
          {company.name}
        </option>
      ))}
    </Select>
  );
}
