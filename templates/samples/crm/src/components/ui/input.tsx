import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";

export const fieldClasses = cn(
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs",
  "placeholder:text-zinc-400 focus:border-zinc-500 focus:outline-2 focus:outline-offset-0 focus:outline-zinc-400/50",
  "disabled:opacity-50 aria-invalid:border-red-500",
  "dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100",
);

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(fieldClasses, "h-10", className)} {...props} />;
}
