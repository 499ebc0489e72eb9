import { useState, type ReactNode } from "react";
import { api, errorMessage } from "../lib/api";
import { Button } from "./ui/button";
import { ConfirmDialog } from "./ui/dialog";

/**
 * "Delete" with a confirmation: DELETE `path`, then `onDeleted()`.
 *
 *   <DeleteButton path={`api/deals/${deal.id}`} what="deal" name={deal.title} onDeleted={reload} />
 */
export function DeleteButton({
  path,
  what,
  name,
  consequence,
  onDeleted,
  size = "sm",
}: {
  path: string;
  /** "company", "contact"… */
  what: string;
  /** The record's name, shown in the question. */
  name: string;
  /** What else happens, e.g. "Its deals are deleted too." */
  consequence?: ReactNode;
  onDeleted: () => void;
  size?: "sm" | "md";
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await api.delete(path);
      setOpen(false);
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="ghost" size={size} onClick={() => setOpen(true)} aria-label={`Delete ${what} ${name}`}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete this ${what}?`}
        message={
          <>
            “{name}” will be deleted. {consequence} This cannot be undone.
          </>
        }
        busy={busy}
        error={error}
        onConfirm={confirm}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
      />
    </>
  );
}
