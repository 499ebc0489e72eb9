import { useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "./api";

/**
 * Form submission with a busy flag and API errors (overall message + per-field messages).
 * The form's fields are read by name, so inputs can stay uncontrolled (`defaultValue`):
 *
 *   const form = useFormSubmit(async (values) => {
 *     const todo = await api.post<Todo>("api/todos", values);
 *     navigate(`/todos/${todo.id}`);
 *   });
 *   <form onSubmit={form.onSubmit}>{form.error && <Alert>{form.error}</Alert>} … </form>
 */
export function useFormSubmit(submit: (values: Record<string, string>) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values: Record<string, string> = {};
    new FormData(event.currentTarget).forEach((value, key) => {
      if (typeof value === "string") values[key] = value;
    });
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await submit(values);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError) setFieldErrors(err.fields);
    } finally {
      setBusy(false);
    }
  }

  return { onSubmit, busy, error, fieldErrors };
}
