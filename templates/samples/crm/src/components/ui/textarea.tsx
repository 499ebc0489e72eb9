import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";
import { fieldClasses } from "./input";

export function Textarea({ className, rows = 4, ...props }: ComponentProps<"textarea">) {
  return <textarea rows={rows} className={cn(fieldClasses, className)} {...props} />;
}
