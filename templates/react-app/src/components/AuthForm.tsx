import type { ReactNode } from "react";
import { useFormSubmit } from "../lib/use-form-submit";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "./ui/card";
import { Field } from "./ui/field";
import { Input } from "./ui/input";

/** The email + password form shared by the sign-in and sign-up pages. */
export function AuthForm({
  title,
  description,
  submitLabel,
  newPassword,
  onSubmit,
  footer,
}: {
  title: string;
  description: string;
  submitLabel: string;
  /** Sign-up: the browser may suggest a strong password, and we ask for 8+ characters. */
  newPassword: boolean;
  onSubmit: (email: string, password: string) => Promise<void>;
  footer: ReactNode;
}) {
  const form = useFormSubmit((values) => onSubmit(values.email ?? "", values.password ?? ""));

  return (
    <div className="mx-auto max-w-sm pt-8">
      <Card>
        <CardHeader>
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
            {form.error && <Alert>{form.error}</Alert>}
            <Field label="Email" error={form.fieldErrors.email}>
              <Input name="email" type="email" autoComplete="email" required autoFocus />
            </Field>
            <Field label="Password" hint={newPassword ? "At least 8 characters." : undefined} error={form.fieldErrors.password}>
              <Input name="password" type="password" autoComplete={newPassword ? "new-password" : "current-password"} required minLength={newPassword ? 8 : undefined} />
            </Field>
            <Button type="submit" className="w-full" disabled={form.busy}>
              {form.busy ? "Please wait…" : submitLabel}
            </Button>
          </form>
          <p className="mt-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{footer}</p>
        </CardContent>
      </Card>
    </div>
  );
}
