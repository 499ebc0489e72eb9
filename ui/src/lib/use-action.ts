import { useCallback, useState } from "react";

/**
 * A form's save: busy while it runs, its error as a sentence, or the status line the work returns
 * ("Saved."). `run` never throws.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<string | void>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus((await work()) ?? null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, status, setError, run };
}
