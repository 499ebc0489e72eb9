import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "./api";

/**
 * Loads JSON from the API when the component mounts (and when `path` changes):
 *
 *   const { data, error, loading, reload } = useApi<{ todos: Todo[] }>("api/todos");
 *
 * Pass `null` as the path to skip loading (e.g. while an id is not known yet).
 */
export function useApi<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    api
      .get<T>(path, controller.signal)
      .then((result) => setData(result))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload, setData };
}
