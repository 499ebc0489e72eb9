import type { ReactNode } from "react";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { Spinner } from "./ui/spinner";

/**
 * The loading and error states of a `useApi` result; renders `children` once data is there.
 *
 *   const companies = useApi<{ companies: Company[] }>("api/companies");
 *   <LoadState result={companies}>{(data) => <CompanyTable rows={data.companies} />}</LoadState>
 */
export function LoadState<T>({
  result,
  children,
}: {
  result: { data: T | null; error: string | null; loading: boolean; reload: () => void };
  children: (data: T) => ReactNode;
}) {
  if (result.error) {
    return (
      <div className="space-y-3">
        <Alert>{result.error}</Alert>
        <Button variant="secondary" size="sm" onClick={result.reload}>
          Try again
        </Button>
      </div>
    );
  }
  if (result.data === null) return <Spinner className="py-8" />;
  return children(result.data);
}
